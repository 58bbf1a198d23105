import { be16 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { EtherType, LINK_MALFORMED, LINK_NOT_IP } from './link-result.js';

/**
 * PPP framings: LINKTYPE_PPP (9: bare PPP, or HDLC-like framing when it starts ff 03) and
 * LINKTYPE_PPP_HDLC (50: always address, control, protocol). Both lead to IPv4, IPv6 or MPLS.
 */

/** PPP protocol numbers (RFC 1661, IANA). */
export const enum PppProtocol {
  IPv4 = 0x0021,
  IPv6 = 0x0057,
  MplsUnicast = 0x0281,
}

const HDLC_ADDRESS_ALL_STATIONS = 0xff;
const HDLC_CONTROL_UI = 0x03;
const PPP_HEADER = 2;
const HDLC_PPP_HEADER = 4;

/**
 * Maps a PPP protocol to the EtherType the link walk continues with; LINK_NOT_IP (< 0) for
 * protocols Zeek does not analyse. `allowMpls` is false for PPPoE, where Zeek reads only IP.
 */
export function pppToEtherType(protocol: number, allowMpls: boolean): number {
  if (protocol === PppProtocol.IPv4) return EtherType.IPv4;
  if (protocol === PppProtocol.IPv6) return EtherType.IPv6;
  if (protocol === PppProtocol.MplsUnicast && allowMpls) return EtherType.Mpls;
  return LINK_NOT_IP;
}

/** LINKTYPE_PPP: returns the offset after the PPP header with `ctx.etherType` set, or a code. */
export function decodePpp(ctx: DecodeContext, off: number): number {
  const len = ctx.end - off;
  if (len <= PPP_HEADER) {
    ctx.netWeird('truncated_ppp_header', 'PPP');
    return LINK_MALFORMED;
  }

  const d = ctx.data;
  if (d[off] !== HDLC_ADDRESS_ALL_STATIONS || d[off + 1] !== HDLC_CONTROL_UI) {
    return handOver(ctx, off + PPP_HEADER, be16(d, off));
  }
  if (len <= HDLC_PPP_HEADER) {
    ctx.netWeird('truncated_ppp_hdlc_header', 'PPP');
    return LINK_MALFORMED;
  }
  return handOver(ctx, off + HDLC_PPP_HEADER, be16(d, off + 2));
}

/** LINKTYPE_PPP_HDLC (PPP in HDLC-like framing on serial links). */
export function decodePppSerial(ctx: DecodeContext, off: number): number {
  if (ctx.end - off <= HDLC_PPP_HEADER) {
    ctx.netWeird('truncated_ppp_serial_header', 'PPPSERIAL');
    return LINK_MALFORMED;
  }
  return handOver(ctx, off + HDLC_PPP_HEADER, be16(ctx.data, off + 2));
}

function handOver(ctx: DecodeContext, next: number, protocol: number): number {
  const etherType = pppToEtherType(protocol, true);
  if (etherType < 0) return LINK_NOT_IP;
  ctx.etherType = etherType;
  return next;
}

import { be16 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { EtherType, LINK_MALFORMED, LINK_NOT_IP } from './link-result.js';

/**
 * IEEE 802.2 payloads of 802.3 frames (an Ethernet or VLAN length field instead of an
 * EtherType): SNAP, Novell raw 802.3 and plain LLC. As in Zeek, only SNAP with the zero OUI
 * and an IPv4/IPv6 EtherType leads to IP; everything else is not IP.
 */

const LLC_SHORT_HEADER = 3;
const SNAP_EXTENSION = 5;
/** Control-field bits marking an unnumbered PDU, whose LLC header is 3 bytes, not 4. */
const UNNUMBERED_PDU = 0x03;

/**
 * Dispatches the 802.2 payload at `off`. The caller has checked that two bytes are captured
 * and lowered `ctx.end` to the 802.3 length.
 */
export function decode8022(ctx: DecodeContext, off: number): number {
  const d = ctx.data;
  if (d[off] === 0xaa && d[off + 1] === 0xaa) return decodeSnap(ctx, off);
  if (d[off] === 0xff && d[off + 1] === 0xff) return LINK_NOT_IP;
  return checkLlc(ctx, off);
}

function llcHeaderLength(ctx: DecodeContext, off: number): number {
  return (ctx.data[off + 2] & UNNUMBERED_PDU) === UNNUMBERED_PDU
    ? LLC_SHORT_HEADER
    : LLC_SHORT_HEADER + 1;
}

/** Plain LLC carries no protocol Zeek analyses; only its length is checked. */
function checkLlc(ctx: DecodeContext, off: number): number {
  const len = ctx.end - off;
  if (len < LLC_SHORT_HEADER || len < llcHeaderLength(ctx, off)) {
    ctx.netWeird('truncated_llc_header', 'LLC');
    return LINK_MALFORMED;
  }
  return LINK_NOT_IP;
}

function decodeSnap(ctx: DecodeContext, off: number): number {
  const len = ctx.end - off;
  if (len < LLC_SHORT_HEADER) {
    ctx.netWeird('truncated_snap_llc_header', 'SNAP');
    return LINK_MALFORMED;
  }

  const llcLen = llcHeaderLength(ctx, off);
  if (len < llcLen + SNAP_EXTENSION) {
    ctx.netWeird('truncated_snap_header', 'SNAP');
    return LINK_MALFORMED;
  }

  const d = ctx.data;
  const ouiOff = off + llcLen;
  const zeroOui = d[ouiOff] === 0 && d[ouiOff + 1] === 0 && d[ouiOff + 2] === 0;
  const protocol = be16(d, ouiOff + 3);
  if (!zeroOui || (protocol !== EtherType.IPv4 && protocol !== EtherType.IPv6)) {
    return LINK_NOT_IP;
  }

  ctx.etherType = protocol;
  return ouiOff + SNAP_EXTENSION;
}

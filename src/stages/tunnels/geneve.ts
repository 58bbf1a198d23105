import { be16 } from '../byte-order.js';
import { EtherType } from '../link-result.js';
import { InnerLink, type TunnelPayload } from './tunnel-payload.js';

/**
 * Geneve (RFC 8926): an 8-byte header plus options, naming the inner protocol by EtherType.
 * Ethernet (Transparent Ethernet Bridging, 0x6558), IPv4 and IPv6 payloads are followed, as
 * Zeek follows them; ARP and unknown protocols end analysis quietly.
 */

const GENEVE_HEADER = 8;
const OPTIONS_UNIT = 4;
const OPTIONS_LENGTH_MASK = 0x3f;
const VERSION_SHIFT = 6;
const TRANSPARENT_ETHERNET = 0x6558;

/** Parses `len` bytes at `off`; true with `out` pointing at the inner packet. */
export function parseGeneve(d: Uint8Array, off: number, len: number, out: TunnelPayload): boolean {
  if (len < GENEVE_HEADER) return out.fail('Geneve header truncation');
  const version = d[off] >> VERSION_SHIFT;
  if (version !== 0) return out.report('geneve_invalid_version', 'packet', `${version}`);

  const hdrLen = GENEVE_HEADER + (d[off] & OPTIONS_LENGTH_MASK) * OPTIONS_UNIT;
  if (hdrLen > len) return out.fail('Geneve option header truncation');

  out.confirm = true;
  if (len === hdrLen) return out.report('geneve_empty_packet');
  out.offset = off + hdrLen;
  out.length = len - hdrLen;
  return selectLink(be16(d, off + 2), out);
}

function selectLink(protocol: number, out: TunnelPayload): boolean {
  if (protocol === TRANSPARENT_ETHERNET) {
    out.link = InnerLink.Ethernet;
    return true;
  }
  out.link = InnerLink.Ip;
  return protocol === EtherType.IPv4 || protocol === EtherType.IPv6;
}

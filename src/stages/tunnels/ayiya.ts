import { InnerLink, type TunnelPayload } from './tunnel-payload.js';

/**
 * AYIYA ("Anything In Anything", used by SixXS): a header with variable identity and
 * signature fields; only "forward" messages carry a packet, named by an IP protocol number.
 * Validated as Zeek's AYIYA packet analyzer validates it.
 */

const AYIYA_HEADER = 8;
const OPCODE_FORWARD = 1;
const SIGNATURE_UNIT = 4;
const IPPROTO_IPV4 = 4;
const IPPROTO_IPV6 = 41;

/** Parses `len` bytes at `off`; true with `out` pointing at the inner IP packet. */
export function parseAyiya(d: Uint8Array, off: number, len: number, out: TunnelPayload): boolean {
  if (len < AYIYA_HEADER) return out.fail('Truncated AYIYA');
  const identityLen = 1 << (d[off] >> 4);
  const signatureLen = (d[off + 1] >> 4) * SIGNATURE_UNIT;
  const hdrLen = AYIYA_HEADER + identityLen + signatureLen;
  if (hdrLen > len) return out.fail('Truncated AYIYA');

  // Other operations (echo, motd, ...) carry no packet; that is not an error.
  if ((d[off + 2] & 0x0f) !== OPCODE_FORWARD) return false;
  const nextHeader = d[off + 3];

  out.confirm = true;
  if (len === hdrLen) return out.report('ayiya_empty_packet');
  out.link = InnerLink.Ip;
  out.offset = off + hdrLen;
  out.length = len - hdrLen;
  return nextHeader === IPPROTO_IPV4 || nextHeader === IPPROTO_IPV6;
}

/** Zeek's content detection for AYIYA on any UDP port. */
export function looksLikeAyiya(d: Uint8Array, off: number, len: number): boolean {
  return len >= 3 && d[off + 1] === 0x52 && d[off + 2] === 0x11;
}

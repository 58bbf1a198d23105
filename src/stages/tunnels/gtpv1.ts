import { be16 } from '../byte-order.js';
import { checkInnerIp, ipProtoOfVersion } from './inner-ip-check.js';
import { InnerLink, type TunnelPayload } from './tunnel-payload.js';

/**
 * GTPv1-U (3GPP TS 29.281): G-PDU messages (type 255) carry an IPv4 or IPv6 packet after the
 * 8-byte header, its optional 4-byte field and any extension headers. Control messages carry
 * none. Validated as Zeek's GTPv1 packet analyzer validates it.
 */

const GTP_HEADER = 8;
const OPTIONAL_FIELDS = 4;
const VERSION_SHIFT = 5;
const PT_FLAG = 0x10;
const E_FLAG = 0x04;
const OPTIONAL_FLAGS = 0x07;
const MSG_G_PDU = 255;
/** Extension header lengths count 4-byte units. */
const EXTENSION_UNIT = 4;
const IPV4_HEADER = 20;

/** Parses `len` bytes at `off`; true with `out` pointing at the inner IP packet. */
export function parseGtpv1(d: Uint8Array, off: number, len: number, out: TunnelPayload): boolean {
  if (len < GTP_HEADER) return out.fail('Binpac exception: out of bound');
  const flags = d[off];
  if (flags >> VERSION_SHIFT !== 1) return out.fail('GTPv1 bad Version');
  // Protocol type 0 is GTP' (charging), which carries no user packets.
  if ((flags & PT_FLAG) === 0 || d[off + 1] !== MSG_G_PDU) return false;

  const hdrLen = headerLength(d, off, len, flags);
  if (hdrLen < 0) return out.fail('Binpac exception: out of bound');
  const innerLen = len - hdrLen;
  if (innerLen < IPV4_HEADER) return out.fail('Truncated GTPv1');
  const proto = ipProtoOfVersion(d[off + hdrLen]);
  if (proto === 0) return out.fail('non-IP packet in GTPv1');

  const check = checkInnerIp(d, off + hdrLen, innerLen, proto);
  if (check === 'bad_protocol') return out.fail('Invalid IP version in wrapped packet');
  if (check === 'too_small') return out.fail('Truncated GTPv1');
  if (check === 'too_large') return out.fail('GTPv1 payload length');

  out.link = InnerLink.Ip;
  out.offset = off + hdrLen;
  out.length = innerLen;
  return true;
}

/**
 * The header length with its optional field and extension headers (each `4 * length` bytes,
 * ending with the next type; 0 ends the chain), or -1 if they run past the datagram.
 */
function headerLength(d: Uint8Array, off: number, len: number, flags: number): number {
  if ((flags & OPTIONAL_FLAGS) === 0) return GTP_HEADER;
  let hdrLen = GTP_HEADER + OPTIONAL_FIELDS;
  if (hdrLen > len) return -1;
  if ((flags & E_FLAG) === 0) return hdrLen;

  for (;;) {
    if (hdrLen >= len) return -1;
    const extLen = d[off + hdrLen] * EXTENSION_UNIT;
    if (extLen === 0 || hdrLen + extLen > len) return -1;
    hdrLen += extLen;
    if (d[off + hdrLen - 1] === 0) return hdrLen;
  }
}

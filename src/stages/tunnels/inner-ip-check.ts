import { be16 } from '../byte-order.js';

/**
 * Zeek's sanity check of the IP packet a tunnel header announces (GRE version 1, Teredo,
 * GTPv1): it must be the announced IP version and fill the tunnel payload exactly.
 */

export type InnerIpCheck = 'ok' | 'bad_protocol' | 'too_small' | 'too_large';

const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const IPPROTO_IPV4 = 4;
const IPPROTO_IPV6 = 41;

/** Checks the `len` bytes at `off` against `proto` (4: IPv4, 41: IPv6). */
export function checkInnerIp(d: Uint8Array, off: number, len: number, proto: number): InnerIpCheck {
  let total: number;
  if (proto === IPPROTO_IPV6) {
    if (len < IPV6_HEADER) return 'too_small';
    if (d[off] >> 4 !== 6) return 'bad_protocol';
    total = be16(d, off + 4) + IPV6_HEADER;
  } else if (proto === IPPROTO_IPV4) {
    // Zeek calls a short IPv4 payload a wrong protocol rather than a truncated one.
    if (len < IPV4_HEADER || d[off] >> 4 !== 4) return 'bad_protocol';
    total = be16(d, off + 2);
  } else {
    return 'bad_protocol';
  }

  if (len === total) return 'ok';
  return len < total ? 'too_small' : 'too_large';
}

/** IP protocol number of an IP packet by its version nibble: 4 or 41, 0 if neither. */
export function ipProtoOfVersion(versionByte: number): number {
  const v = versionByte >> 4;
  if (v === 4) return IPPROTO_IPV4;
  return v === 6 ? IPPROTO_IPV6 : 0;
}

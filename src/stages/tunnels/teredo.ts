import { be16 } from '../byte-order.js';
import { checkInnerIp } from './inner-ip-check.js';
import { InnerLink, type TunnelPayload } from './tunnel-payload.js';

/**
 * Teredo (RFC 4380): IPv6 in UDP, optionally preceded by an authentication and an origin
 * indication header. Validated as Zeek's Teredo packet analyzer validates it, including its
 * content detection for Teredo on ports other than 3544.
 */

const IPV6_HEADER = 40;
const ORIGIN_INDICATION = 8;
const AUTH_FIXED = 4;
/** Nonce (8 bytes) and confirmation byte closing an authentication header. */
const AUTH_TRAILER = 9;
const TAG_ORIGIN = 0;
const TAG_AUTH = 1;
const IPPROTO_IPV6 = 41;
const NO_NEXT_HEADER = 59;

/** Parses `len` bytes at `off`; true with `out` pointing at the inner IPv6 packet. */
export function parseTeredo(d: Uint8Array, off: number, len: number, out: TunnelPayload): boolean {
  const inner = findInnerIpv6(d, off, len, out);
  if (inner < 0) {
    // A truncated header gets its own weird first; any failure is a violation.
    return out.fail('Bad Teredo encapsulation');
  }

  const innerLen = len - (inner - off);
  const check = checkInnerIp(d, inner, innerLen, IPPROTO_IPV6);
  if (check === 'too_large') {
    const bubble = d[inner + 6] === NO_NEXT_HEADER && be16(d, inner + 4) === 0;
    if (!bubble) return out.fail('Teredo payload length');
    // Data after a bubble is not strictly wrong, only surprising.
    out.report('Teredo_bubble_with_payload', 'conn');
  } else if (check !== 'ok') {
    return out.fail('Truncated Teredo or invalid inner IP version');
  }

  out.link = InnerLink.Ip;
  out.offset = inner;
  out.length = innerLen;
  return true;
}

/**
 * Walks the optional headers (authentication, then origin indication, each at most once) to
 * the IPv6 header. Returns its offset, or -1 (after a weird for truncated headers).
 */
function findInnerIpv6(d: Uint8Array, off: number, len: number, out: TunnelPayload): number {
  let foundOrigin = false;
  let foundAuth = false;
  for (;;) {
    if (len < 2) return reportTruncated(out, 'truncated_Teredo');
    const tag = be16(d, off);
    if (tag === TAG_ORIGIN) {
      if (foundOrigin) return -1;
      if (len < ORIGIN_INDICATION) {
        return reportTruncated(out, 'truncated_Teredo_origin_indication');
      }
      foundOrigin = true;
      off += ORIGIN_INDICATION;
      len -= ORIGIN_INDICATION;
    } else if (tag === TAG_AUTH) {
      if (foundOrigin || foundAuth) return -1;
      const authLen = len < AUTH_FIXED ? -1 : AUTH_FIXED + d[off + 2] + d[off + 3] + AUTH_TRAILER;
      if (authLen < 0 || len < authLen) {
        return reportTruncated(out, 'truncated_Teredo_authentication');
      }
      foundAuth = true;
      off += authLen;
      len -= authLen;
    } else if (tag >> 12 === 6) {
      return len < IPV6_HEADER ? reportTruncated(out, 'truncated_IPv6_in_Teredo') : off;
    } else {
      return -1;
    }
  }
}

function reportTruncated(out: TunnelPayload, name: string): -1 {
  out.report(name, 'connIfConfirmed');
  return -1;
}

/** Zeek's content detection for Teredo on any UDP port. */
export function looksLikeTeredo(d: Uint8Array, off: number, len: number): boolean {
  if (len < IPV6_HEADER) return false;
  const b0 = d[off];
  const b1 = d[off + 1];
  if (b0 >> 4 !== 6 && (b0 !== 0 || (b1 !== TAG_ORIGIN && b1 !== TAG_AUTH))) return false;
  if (startsWithTeredoHeader(d, off, len)) return true;

  let val = b1;
  if (val === TAG_AUTH) {
    const authLen = 13 + d[off + 2] + d[off + 3];
    if (len < authLen) return false;
    off += authLen;
    len -= authLen;
    if (len < IPV6_HEADER) return false;
    val = be16(d, off);
  }
  if (val !== TAG_ORIGIN) return false;
  off += ORIGIN_INDICATION;
  len -= ORIGIN_INDICATION;
  return len >= IPV6_HEADER && d[off] >> 4 === 6;
}

/**
 * An IPv6 header (the first 40 bytes) whose source or destination is a Teredo address
 * (2001:0::/32): the signature Zeek's detection matches as a prefix of the datagram.
 */
function startsWithTeredoHeader(d: Uint8Array, off: number, len: number): boolean {
  if (len < IPV6_HEADER || d[off] >> 4 !== 6) return false;
  return teredoPrefixAt(d, off + 8) || teredoPrefixAt(d, off + 24);
}

function teredoPrefixAt(d: Uint8Array, at: number): boolean {
  return d[at] === 0x20 && d[at + 1] === 0x01 && d[at + 2] === 0 && d[at + 3] === 0;
}

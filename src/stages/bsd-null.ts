import { be32, le32 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { EtherType, LINK_MALFORMED, LINK_NOT_IP } from './link-result.js';

/**
 * BSD loopback: LINKTYPE_NULL (0) carries the address family in the capturing host's byte
 * order, LINKTYPE_LOOP (108) in network order; since captures travel between hosts, both
 * orders are accepted for both. AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 depending
 * on the BSD flavour.
 */

const NULL_HEADER = 4;
const AF_INET = 2;
const AF_INET6_VALUES: readonly number[] = [24, 28, 30];

export function decodeBsdNull(ctx: DecodeContext, off: number): number {
  if (ctx.end - off <= NULL_HEADER) {
    ctx.netWeird('null_analyzer_failed', 'NULL');
    return LINK_MALFORMED;
  }

  const etherType = familyToEtherType(le32(ctx.data, off), be32(ctx.data, off));
  if (etherType < 0) return LINK_NOT_IP;
  ctx.etherType = etherType;
  return off + NULL_HEADER;
}

function familyToEtherType(littleEndian: number, bigEndian: number): number {
  if (littleEndian === AF_INET || bigEndian === AF_INET) return EtherType.IPv4;
  if (AF_INET6_VALUES.includes(littleEndian) || AF_INET6_VALUES.includes(bigEndian)) {
    return EtherType.IPv6;
  }
  return LINK_NOT_IP;
}

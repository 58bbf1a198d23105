import type { DecodeContext } from './decode-context.js';
import { CHECKSUM_VALID, foldSum, sumWords } from './checksum.js';
import { IpProtocol } from './ip-protocol.js';
import { PacketFlag, PacketStatus } from './packet-batch.js';
import {
  pseudoChecksumOk,
  transportHeaderFits,
  writeFlowKey,
  writePayload,
} from './transport-fields.js';

/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443) headers. The `srcPort`/`dstPort` columns hold type and
 * code; the flow hash uses type and counterpart type, the pair Zeek keys ICMP "connections"
 * on, so a request and its reply hash alike.
 */

/** Type, code, checksum and the 4 bytes every ICMP message has (Zeek's ICMP_MINLEN). */
export const ICMP_MIN_HEADER = 8;

/** ICMPv4 request/reply pairs (RFC 792, RFC 950, RFC 1256). */
const ICMP4_PAIRS: readonly (readonly [number, number])[] = [
  [8, 0],
  [13, 14],
  [15, 16],
  [10, 9],
  [17, 18],
];

/** ICMPv6 request/reply pairs (RFC 4443, RFC 4861, RFC 2710, RFC 4620, RFC 6275). */
const ICMP6_PAIRS: readonly (readonly [number, number])[] = [
  [128, 129],
  [133, 134],
  [135, 136],
  [130, 131],
  [139, 140],
  [144, 145],
];

const ICMP4_COUNTERPART = pairTable(ICMP4_PAIRS);
const ICMP6_COUNTERPART = pairTable(ICMP6_PAIRS);

function pairTable(pairs: readonly (readonly [number, number])[]): Int16Array {
  const table = new Int16Array(256).fill(-1);
  for (const [a, b] of pairs) {
    table[a] = b;
    table[b] = a;
  }
  return table;
}

/**
 * The counterpart type Zeek pairs with an ICMP message type, or -1 for one-way messages
 * (Zeek then keys the flow on the code instead). `proto` is 1 (ICMP) or 58 (ICMPv6).
 */
export function icmpCounterpart(proto: number, type: number): number {
  return (proto === IpProtocol.ICMPv6 ? ICMP6_COUNTERPART : ICMP4_COUNTERPART)[type];
}

export function decodeIcmp(
  ctx: DecodeContext,
  l4Off: number,
  remaining: number,
  ipPayloadLen: number,
): PacketStatus {
  if (!transportHeaderFits(ctx, ICMP_MIN_HEADER, remaining, ipPayloadLen, 'ICMP')) {
    return PacketStatus.Malformed;
  }

  const d = ctx.data;
  const type = d[l4Off];
  const code = d[l4Off + 1];
  const counterpart = icmpCounterpart(ctx.nextProto, type);
  writeFlowKey(ctx, l4Off, type, code, type, counterpart < 0 ? code : counterpart);

  const len = ipPayloadLen === 0 ? remaining : ipPayloadLen;
  writePayload(ctx, l4Off + ICMP_MIN_HEADER, remaining - ICMP_MIN_HEADER, len - ICMP_MIN_HEADER);
  if (!ctx.ignoreChecksums && remaining >= len && !icmpChecksumOk(ctx, l4Off, len)) {
    ctx.batch.flags[ctx.row] |= PacketFlag.BadL4Checksum;
  }
  return PacketStatus.Ok;
}

/** ICMPv4 sums the message alone; ICMPv6 adds the IPv6 pseudo-header. */
function icmpChecksumOk(ctx: DecodeContext, l4Off: number, len: number): boolean {
  if (ctx.nextProto === IpProtocol.ICMPv6) {
    return pseudoChecksumOk(ctx, l4Off, len, IpProtocol.ICMPv6);
  }
  return foldSum(sumWords(ctx.data, l4Off, l4Off + len, 0)) === CHECKSUM_VALID;
}

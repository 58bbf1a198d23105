import { be16 } from './byte-order.js';
import { checksumField, sumWords } from './checksum.js';
import type { DecodeContext } from './decode-context.js';
import { IpProtocol } from './ip-protocol.js';

/**
 * The IPv4 header (RFC 791), read into the context's IP header view. Validation of lengths
 * and checksum happens in the IP layer, in Zeek's order, so that the same packets raise the
 * same weirds.
 */

/** Bytes of an IPv4 header without options; the caller has checked they are captured. */
export const IPV4_MIN_HEADER = 20;

const FLAGS_FIELD = 6;
const DONT_FRAGMENT = 0x4000;
const MORE_FRAGMENTS = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;
/** Fragment offsets count 8-byte units. */
const FRAGMENT_UNIT = 8;

/** Fills the IP header view from the IPv4 header at `off` (20 bytes are captured). */
export function readIPv4Header(ctx: DecodeContext, off: number): void {
  const d = ctx.data;
  ctx.ipVersion = 4;
  ctx.ipOff = off;
  ctx.ipHdrLen = (d[off] & 0x0f) * 4;
  ctx.ipTotalLen = be16(d, off + 2);
  ctx.nextProto = d[off + 9];
  ctx.lastHeader = IpProtocol.Raw;
  ctx.lastHeaderOff = off;
  ctx.srcOff = off + 12;
  ctx.dstOff = off + 16;
  ctx.addrLen = 4;
  readFragmentFields(ctx, off);
}

function readFragmentFields(ctx: DecodeContext, off: number): void {
  const flags = be16(ctx.data, off + FLAGS_FIELD);
  ctx.fragId = be16(ctx.data, off + 4);
  ctx.fragOffset = (flags & FRAGMENT_OFFSET_MASK) * FRAGMENT_UNIT;
  ctx.moreFragments = (flags & MORE_FRAGMENTS) !== 0;
  ctx.dontFragment = (flags & DONT_FRAGMENT) !== 0;
  ctx.isFragment = ctx.moreFragments || ctx.fragOffset !== 0;
}

/**
 * Makes the IPv4 header at `off` describe a whole datagram of `totalLen` bytes: no fragment
 * offset, no "more fragments", and a checksum that matches again.
 */
export function rewriteAsWholeDatagram(data: Buffer, off: number, totalLen: number): void {
  const hdrLen = (data[off] & 0x0f) * 4;
  data.writeUInt16BE(totalLen, off + 2);
  data.writeUInt16BE(be16(data, off + FLAGS_FIELD) & DONT_FRAGMENT, off + FLAGS_FIELD);
  data.writeUInt16BE(0, off + 10);
  data.writeUInt16BE(checksumField(sumWords(data, off, off + hdrLen, 0)), off + 10);
}

import { be16 } from './byte-order.js';
import { pseudoHeaderSum, sumWords, foldSum, CHECKSUM_VALID } from './checksum.js';
import type { DecodeContext } from './decode-context.js';
import { flowHash } from './flow-hash.js';

/**
 * Steps shared by the transport header decoders: Zeek's truncation check, writing the flow
 * key and payload columns, and the pseudo-header checksum.
 */

/**
 * Zeek's check before it builds a connection key: the IP header must leave room for the
 * transport header (`truncated_header`) and the capture must hold it
 * (`internally_truncated_header`). Both are flow weirds naming the transport layer.
 */
export function transportHeaderFits(
  ctx: DecodeContext,
  minHeader: number,
  remaining: number,
  ipPayloadLen: number,
  source: string,
): boolean {
  if (ipPayloadLen !== 0 && ipPayloadLen < minHeader) {
    ctx.flowWeird('truncated_header', source);
    return false;
  }
  if (remaining < minHeader) {
    ctx.flowWeird('internally_truncated_header', source);
    return false;
  }
  return true;
}

/**
 * The common start of a header with ports first (TCP, UDP): checks that it fits, records the
 * ports and the flow key, and returns the transport length the IP header claims (the captured
 * length after segmentation offload zeroed the IPv4 length), or -1 if the header does not fit.
 */
export function readPortHeader(
  ctx: DecodeContext,
  l4Off: number,
  minHeader: number,
  remaining: number,
  ipPayloadLen: number,
  source: string,
): number {
  if (!transportHeaderFits(ctx, minHeader, remaining, ipPayloadLen, source)) return -1;

  const srcPort = be16(ctx.data, l4Off);
  const dstPort = be16(ctx.data, l4Off + 2);
  writeFlowKey(ctx, l4Off, srcPort, dstPort, srcPort, dstPort);
  return ipPayloadLen === 0 ? remaining : ipPayloadLen;
}

/** Writes the transport offset, the ports and the flow hash of the current row. */
export function writeFlowKey(
  ctx: DecodeContext,
  l4Off: number,
  srcPort: number,
  dstPort: number,
  hashSrcPort: number,
  hashDstPort: number,
): void {
  const batch = ctx.batch;
  const row = ctx.row;
  batch.l4Offset[row] = l4Off - ctx.start;
  batch.srcPort[row] = srcPort;
  batch.dstPort[row] = dstPort;
  batch.flowHash[row] = flowHash(
    ctx.data,
    ctx.srcOff,
    ctx.dstOff,
    ctx.addrLen,
    hashSrcPort,
    hashDstPort,
    ctx.nextProto,
  );
}

/** Writes where the transport payload starts, how much is captured and how much was sent. */
export function writePayload(
  ctx: DecodeContext,
  payloadOff: number,
  captured: number,
  claimed: number,
): void {
  const batch = ctx.batch;
  const row = ctx.row;
  batch.payloadOffset[row] = payloadOff - ctx.start;
  batch.payloadLen[row] = captured;
  batch.payloadWireLen[row] = claimed;
}

/**
 * True if the `len` transport bytes at `l4Off` (all captured) carry a correct checksum over
 * the pseudo-header of the flow addresses, as Zeek computes it (IPv6: home address and final
 * destination when the extension headers name them).
 */
export function pseudoChecksumOk(
  ctx: DecodeContext,
  l4Off: number,
  len: number,
  proto: number,
): boolean {
  const d = ctx.data;
  const sum = pseudoHeaderSum(d, ctx.srcOff, ctx.dstOff, ctx.addrLen, proto, len);
  return foldSum(sumWords(d, l4Off, l4Off + len, sum)) === CHECKSUM_VALID;
}

/**
 * TCP options the tracker needs, read in place from a packet (RFC 9293 3.1, RFC 7323 2).
 * Only SYN packets are parsed, so the cost stays off the data path.
 */
import type { PacketBatch } from './packet-batch.js';

const OPT_END = 0;
const OPT_NOP = 1;
const OPT_WINDOW_SCALE = 3;
const TCP_FIXED_HEADER = 20;

/** The window scale shift a SYN offers, or -1 if it carries no window scale option. */
export function windowScaleOption(batch: PacketBatch, i: number): number {
  const data = batch.data(i);
  const start = batch.offset[i] + batch.l4Offset[i];
  const headerLen = (data[start + 12] >> 4) * 4;
  const end = Math.min(start + headerLen, batch.offset[i] + batch.caplen[i]);

  for (let p = start + TCP_FIXED_HEADER; p < end; ) {
    const kind = data[p];
    if (kind === OPT_END) break;
    if (kind === OPT_NOP) {
      p++;
      continue;
    }
    if (p + 1 >= end) break;
    const len = data[p + 1];
    if (len < 2 || p + len > end) break;
    if (kind === OPT_WINDOW_SCALE && len === 3) return data[p + 2];
    p += len;
  }
  return -1;
}

import { be32 } from './byte-order.js';

/**
 * A symmetric 32-bit hash of a flow key: both directions of a connection hash alike, so
 * workers sharded by it see whole connections. Each endpoint (address, port) is hashed on
 * its own with MurmurHash3's mixing steps; the two results are combined in sorted order with
 * the protocol. Not cryptographic: it spreads load, it does not resist chosen keys.
 */

const SEED = 0x9747b28c;
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Hash of the flow whose addresses start at `srcOff`/`dstOff` (4 or 16 bytes each). */
export function flowHash(
  data: Uint8Array,
  srcOff: number,
  dstOff: number,
  addrLen: number,
  srcPort: number,
  dstPort: number,
  proto: number,
): number {
  const a = endpointHash(data, srcOff, addrLen, srcPort);
  const b = endpointHash(data, dstOff, addrLen, dstPort);
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  return finalMix(mixWord(mixWord(mixWord(SEED, lo), hi), proto));
}

function endpointHash(data: Uint8Array, off: number, addrLen: number, port: number): number {
  let h = mixWord(SEED, port);
  for (let i = 0; i < addrLen; i += 4) h = mixWord(h, be32(data, off + i));
  return finalMix(h);
}

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

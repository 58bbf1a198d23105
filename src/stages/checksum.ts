/**
 * Internet checksum (RFC 1071) over bytes in place. Sums stay plain JS numbers: a datagram of
 * at most 64 KiB adds fewer than 2^31 worth of 16-bit words, far below 2^53, so the sum is
 * folded only once at the end.
 */

/** The one's complement sum with every carry folded back in: 0xffff means a valid checksum. */
export const CHECKSUM_VALID = 0xffff;

/** Below this many bytes the byte loop wins over setting up word reads. */
const WORD_PATH_MIN_BYTES = 64;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Adds the bytes `[start, end)` to `sum` as big-endian 16-bit words; an odd tail is padded. */
export function sumWords(data: Uint8Array, start: number, end: number, sum: number): number {
  if (LITTLE_ENDIAN_HOST && end - start >= WORD_PATH_MIN_BYTES) {
    return sum + sumByWords(data, start, end);
  }
  return sumByBytes(data, start, end, sum);
}

function sumByBytes(data: Uint8Array, start: number, end: number, sum: number): number {
  let i = start;
  const pairsEnd = end - ((end - start) & 1);
  for (; i < pairsEnd; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (pairsEnd < end) sum += data[pairsEnd] << 8;
  return sum;
}

let lastBuffer: ArrayBufferLike | null = null;
let lastWords: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

/** A 32-bit view of the whole ArrayBuffer under `data`, cached for the next call. */
function wordsOf(data: Uint8Array): Uint32Array<ArrayBufferLike> {
  if (data.buffer !== lastBuffer) {
    lastBuffer = data.buffer;
    lastWords = new Uint32Array(data.buffer, 0, data.buffer.byteLength >>> 2);
  }
  return lastWords;
}

/**
 * The same sum, read 32 bits at a time from aligned words of the underlying ArrayBuffer and
 * added whole (RFC 1071 2(C): sum in a wider word, fold at the end; 16K words of 2^32 stay
 * exact in a double). On a little-endian host each 16-bit half has its low byte at an even
 * address. A one's complement sum only cares which bytes are high and which are low (RFC 1071
 * 2(B)), so when the region starts at an even address the result is the byte-swapped sum, and
 * at an odd address it is the sum as read.
 */
function sumByWords(data: Uint8Array, start: number, end: number): number {
  const words = wordsOf(data);
  const base = data.byteOffset;
  const absEnd = base + end;
  let a = base + start;
  let acc = 0;

  for (; a < absEnd && (a & 3) !== 0; a++)
    acc += (a & 1) === 0 ? data[a - base] : data[a - base] << 8;
  const wordEnd = absEnd >>> 2;
  let q = a >>> 2;
  const unrolledEnd = wordEnd - ((wordEnd - q) & 3);
  for (; q < unrolledEnd; q += 4) acc += words[q] + words[q + 1] + words[q + 2] + words[q + 3];
  for (; q < wordEnd; q++) acc += words[q];
  for (a = Math.max(a, wordEnd << 2); a < absEnd; a++) {
    acc += (a & 1) === 0 ? data[a - base] : data[a - base] << 8;
  }

  const folded = foldSum(acc);
  return ((base + start) & 1) === 0 ? ((folded & 0xff) << 8) | (folded >>> 8) : folded;
}

/** Folds the carries of a sum into 16 bits. */
export function foldSum(sum: number): number {
  while (sum > 0xffff) {
    const low = sum % 0x10000;
    sum = low + (sum - low) / 0x10000;
  }
  return sum;
}

/** True if the IPv4 header at `[off, off + hdrLen)` carries a correct header checksum. */
export function ipv4HeaderChecksumOk(data: Uint8Array, off: number, hdrLen: number): boolean {
  return foldSum(sumWords(data, off, off + hdrLen, 0)) === CHECKSUM_VALID;
}

/** The checksum value to store in a header whose other bytes sum (with zero in place) to `sum`. */
export function checksumField(sum: number): number {
  return ~foldSum(sum) & 0xffff;
}

/**
 * Sum of the TCP/UDP/ICMPv6 pseudo-header (RFC 793, RFC 8200 section 8.1): both addresses,
 * the protocol and the transport length. `addrLen` is 4 for IPv4 and 16 for IPv6; the
 * different widths of the length field do not change a one's complement sum.
 */
export function pseudoHeaderSum(
  data: Uint8Array,
  srcOff: number,
  dstOff: number,
  addrLen: number,
  proto: number,
  length: number,
): number {
  let sum = sumWords(data, srcOff, srcOff + addrLen, 0);
  sum = sumWords(data, dstOff, dstOff + addrLen, sum);
  return sum + proto + (length >>> 16) + (length & 0xffff);
}

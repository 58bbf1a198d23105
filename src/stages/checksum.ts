/**
 * Internet checksum (RFC 1071) over bytes in place. Sums stay plain JS numbers: a datagram of
 * at most 64 KiB adds fewer than 2^31 worth of 16-bit words, far below 2^53, so the sum is
 * folded only once at the end.
 */

/** The one's complement sum with every carry folded back in: 0xffff means a valid checksum. */
export const CHECKSUM_VALID = 0xffff;

/** Adds the bytes `[start, end)` to `sum` as big-endian 16-bit words; an odd tail is padded. */
export function sumWords(data: Uint8Array, start: number, end: number, sum: number): number {
  let i = start;
  const pairsEnd = end - ((end - start) & 1);
  const unrolledEnd = pairsEnd - ((pairsEnd - i) & 7);

  for (; i < unrolledEnd; i += 8) {
    sum +=
      ((data[i] << 8) | data[i + 1]) +
      ((data[i + 2] << 8) | data[i + 3]) +
      ((data[i + 4] << 8) | data[i + 5]) +
      ((data[i + 6] << 8) | data[i + 7]);
  }
  for (; i < pairsEnd; i += 2) sum += (data[i] << 8) | data[i + 1];

  if (pairsEnd < end) sum += data[pairsEnd] << 8;
  return sum;
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

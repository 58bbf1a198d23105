/**
 * Integers in HTTP fields, read as C++'s std::from_chars reads them into an int64: an optional
 * '-', then the longest run of digits of the base; no digits or a value past 2^63 - 1 is no
 * number. Chunk sizes and Content-Length values that overflow are thus rejected, not wrapped.
 */

const INT64_MAX = (1n << 63n) - 1n;

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return 99;
}

/** The number at the start of `data`, or undefined when there is none or it overflows. */
export function readInt64Prefix(data: Uint8Array, base: number): number | undefined {
  const n = readBigInt64Prefix(data, base);
  return n === undefined ? undefined : Number(n);
}

/** As `readInt64Prefix`, exact: for arithmetic that must not lose the low digits. */
export function readBigInt64Prefix(data: Uint8Array, base: number): bigint | undefined {
  let i = 0;
  const negative = data.length > 0 && data[0] === 0x2d;
  if (negative) i++;
  const start = i;
  let n = 0n;
  const b = BigInt(base);
  for (; i < data.length && digitValue(data[i]) < base; i++) {
    n = n * b + BigInt(digitValue(data[i]));
    if (n > INT64_MAX + (negative ? 1n : 0n)) return undefined;
  }
  if (i === start) return undefined;
  return negative ? -n : n;
}

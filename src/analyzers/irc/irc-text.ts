/**
 * Text helpers with the byte semantics of Zeek's IRC analyzer. Lines are held as binary
 * strings (one char per byte, latin1) so nothing is lost to UTF-8 decoding; values turn back
 * into bytes for the logs.
 */

/** A line's bytes as a binary string. */
export function binaryString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

/** A binary string's bytes, for a log field. */
export function bytesOf(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

/** The text up to the first NUL: what Zeek keeps of a value it passes as a C string. */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

export function skipLeadingSpaces(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  return s.slice(i);
}

/** ASCII upper case (C locale `toupper`); other bytes are kept. */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

export function isAsciiDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Zeek's word split: separators at the start are skipped, empty words between doubled
 * separators are dropped, and a trailing word is kept.
 */
export function splitWords(input: string, sep: string): string[] {
  const words: string[] = [];
  let start = 0;
  while (start < input.length && input[start] === sep) start++;
  for (let pos = input.indexOf(sep, start); pos >= 0; pos = input.indexOf(sep, start)) {
    const word = input.slice(start, pos);
    if (word !== '') words.push(word);
    start = pos + 1;
  }
  if (start < input.length) words.push(input.slice(start));
  return words;
}

/** C `atoi`: optional blanks and sign, then digits; 64-bit overflow clamps, then int wraps. */
export function cAtoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s);
  if (m === null || m[2] === '') return 0;
  let v = BigInt(m[2]);
  if (m[1] === '-') v = -v;
  const clamped = v > 2n ** 63n - 1n ? 2n ** 63n - 1n : v < -(2n ** 63n) ? -(2n ** 63n) : v;
  return Number(BigInt.asIntN(32, clamped));
}

/**
 * Zeek's `atoi_n` into a 32-bit unsigned value: leading digits only, wrapping on overflow.
 * Undefined when there is no digit.
 */
export function leadingUint32(s: string): number | undefined {
  const m = /^(-?)(\d+)/.exec(s);
  if (m === null) return undefined;
  let v = BigInt.asUintN(32, BigInt(m[2]));
  if (m[1] === '-') v = BigInt.asUintN(32, -v);
  return Number(v);
}

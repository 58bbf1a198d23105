/**
 * Byte classification shared by the TSV and JSON writers. Zeek escapes a string all or nothing:
 * if any byte of it is "bad" (a control byte, DEL, an invalid UTF-8 sequence, or a code point in
 * U+0080-U+009F, U+E000-U+F8FF or U+FFF0-U+FFFF), every byte outside printable ASCII is written
 * as `\xNN`; otherwise valid UTF-8 passes through untouched.
 */

/** Whether `b` is printable ASCII (0x20-0x7e). */
export function isPrintableAscii(b: number): boolean {
  return b >= 0x20 && b <= 0x7e;
}

/**
 * Length of the valid, acceptable UTF-8 sequence starting at `i`, or 0 if the byte there starts
 * an invalid or unacceptable one. Printable ASCII counts as a sequence of length 1.
 */
export function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return isPrintableAscii(b0) ? 1 : 0;

  const len = b0 >= 0xf0 && b0 <= 0xf4 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc2 && b0 < 0xe0 ? 2 : 0;
  if (len === 0 || len === 3 && b0 > 0xef || i + len > end) return 0;

  let cp = b0 & (0xff >> (len + 1));
  for (let k = 1; k < len; k++) {
    const b = bytes[i + k];
    if ((b & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  return isAcceptableCodePoint(cp, len) ? len : 0;
}

function isAcceptableCodePoint(cp: number, len: number): boolean {
  const minForLength = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
  if (cp < minForLength || cp > 0x10ffff) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp <= 0x9f) return false;
  if (cp >= 0xe000 && cp <= 0xf8ff) return false;
  return !(cp >= 0xfff0 && cp <= 0xffff);
}

/**
 * Whether `bytes[start..end)` holds a byte that forces hex escaping. `allowed` lets the JSON
 * writer treat BS, FF, LF, CR and TAB as fine (its encoder writes them as `\b` and so on).
 */
export function hasBadByte(
  bytes: Uint8Array,
  start: number,
  end: number,
  allowed?: (b: number) => boolean,
): boolean {
  for (let i = start; i < end; ) {
    const n = utf8SequenceLength(bytes, i, end);
    if (n > 0) {
      i += n;
      continue;
    }
    if (allowed === undefined || !allowed(bytes[i])) return true;
    i++;
  }
  return false;
}

const HEX = '0123456789abcdef';

/** `\xNN` with lower-case hex, as Zeek writes escaped bytes. */
export function hexEscape(b: number): string {
  return '\\x' + HEX[b >> 4] + HEX[b & 15];
}

/** The bytes of a string value: raw bytes as given, or a JS string encoded as UTF-8. */
export function valueBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** Whether a JS string is plain printable ASCII with none of the given special characters. */
export function isPlainAscii(s: string, specials: RegExp): boolean {
  return !specials.test(s);
}

/**
 * Byte-level helpers shared by the HTTP line parsers: prefix matches with and without case,
 * blank skipping, and case-insensitive comparison with ASCII text.
 */

/** Space or horizontal tab: the blanks Zeek skips between request-line parts. */
export function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

export function skipBlanks(data: Uint8Array, i: number, end = data.length): number {
  while (i < end && isBlank(data[i])) i++;
  return i;
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** The index after `prefix` if `data` has it at `i`, else -1. */
export function prefixAt(data: Uint8Array, i: number, prefix: string, ignoreCase: boolean): number {
  if (data.length - i < prefix.length) return -1;
  for (let k = 0; k < prefix.length; k++) {
    const want = prefix.charCodeAt(k);
    const got = data[i + k];
    if (got !== want && !(ignoreCase && lower(got) === lower(want))) return -1;
  }
  return i + prefix.length;
}

/** Whether `data` equals `text` ignoring ASCII case. */
export function equalsIgnoreCase(data: Uint8Array | undefined, text: string): boolean {
  if (data === undefined || data.length !== text.length) return false;
  return prefixAt(data, 0, text, true) === data.length;
}

/**
 * Whether the first `data.length` characters of `text` equal `data` ignoring case, as C's
 * strncasecmp(data, text, len(data)) == 0 decides (so a prefix of `text` matches).
 */
export function isPrefixIgnoreCase(data: Uint8Array, text: string): boolean {
  if (data.length > text.length) return false;
  return prefixAt(data, 0, text.slice(0, data.length), true) === data.length;
}

/** Bytes as a latin1 string: one character per byte, for comparisons and weird details. */
export function latin1(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}

/**
 * Bytes as a latin1 string with ASCII letters upper-cased (header names). Built a character at
 * a time: names are short, and this runs for every header of every message.
 */
export function upperAscii(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    s += String.fromCharCode(c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
  }
  return s;
}

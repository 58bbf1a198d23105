/**
 * URI character classes and %-decoding, as Zeek applies them to request lines: the URI ends
 * at the first byte that is neither reserved nor unreserved (RFC 3986) nor '%', and decoding
 * also accepts the non-standard %uXXXX form some clients send. Suspicious escapes are weirds.
 */

const RESERVED = new Set([...":/?#[]@!$&'()*+,;="].map((c) => c.charCodeAt(0)));
const UNRESERVED_MARKS = new Set([..."-_.!~*'()"].map((c) => c.charCodeAt(0)));
const PERCENT = 0x25;

/** RFC 3986 reserved characters; NUL counts too, as Zeek's C string lookup finds it. */
export function isReservedUriChar(c: number): boolean {
  return c === 0 || RESERVED.has(c);
}

export function isUnreservedUriChar(c: number): boolean {
  return isAsciiAlnum(c) || UNRESERVED_MARKS.has(c);
}

/** Whether `c` may appear in a request URI without ending it. */
export function isUriChar(c: number): boolean {
  return isReservedUriChar(c) || isUnreservedUriChar(c) || c === PERCENT;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

const isHex = (c: number | undefined) => c !== undefined && hexValue(c) >= 0;

/** Decodes %XX and %uXXXX escapes in `uri`; odd escapes are kept as they are, with a weird. */
export function unescapeUri(uri: Uint8Array, weird: (name: string) => void): Uint8Array {
  const out = new Uint8Array(uri.length);
  let n = 0;
  let i = 0;
  while (i < uri.length) {
    if (uri[i] !== PERCENT) {
      out[n++] = uri[i++];
      continue;
    }
    const step = decodeEscape(uri, i + 1, out, n, weird);
    n = step.written;
    i = step.next;
  }
  return out.subarray(0, n);
}

/** Decodes the escape after a '%' at `i - 1`; returns where output and input continue. */
function decodeEscape(
  uri: Uint8Array, i: number, out: Uint8Array, n: number, weird: (name: string) => void,
): { written: number; next: number } {
  const end = uri.length;
  if (i === end) {
    out[n++] = PERCENT;
    weird('illegal_%_at_end_of_URI');
    return { written: n, next: end };
  }
  if (i + 1 === end) {
    out[n++] = PERCENT;
    out[n++] = uri[i];
    weird('partial_escape_at_end_of_URI');
    return { written: n, next: end };
  }
  if (uri[i] === PERCENT) {
    // A doubled '%' (a bug, or evasion as Nimda used): the first one is dropped.
    weird('double_%_in_URI');
    return { written: n, next: i };
  }
  if (isHex(uri[i]) && isHex(uri[i + 1])) {
    out[n++] = (hexValue(uri[i]) << 4) + hexValue(uri[i + 1]);
    return { written: n, next: i + 2 };
  }
  if (end - i >= 5 && uri[i] === 0x75 && [1, 2, 3, 4].every((k) => isHex(uri[i + k]))) {
    // %uXXXX: a zero high byte is dropped, so ASCII encoded this way reads as ASCII.
    if (!(uri[i + 1] === 0x30 && uri[i + 2] === 0x30)) {
      out[n++] = (hexValue(uri[i + 1]) << 4) + hexValue(uri[i + 2]);
    }
    out[n++] = (hexValue(uri[i + 3]) << 4) + hexValue(uri[i + 4]);
    return { written: n, next: i + 5 };
  }
  weird('unescaped_%_in_URI');
  out[n++] = PERCENT;
  out[n++] = uri[i];
  return { written: n, next: i + 1 };
}

/**
 * One header field, parsed as Zeek's MIME code parses it: the name runs over printable
 * characters up to ':' (blanks and RFC 822 comments before it are skipped), the value is the
 * rest with leading white space removed, and its first token is what Content-Length,
 * Transfer-Encoding and similar fields are judged by.
 */
import { isBlank, upperAscii } from './http-bytes.js';

export interface HttpHeader {
  /** The name as sent. */
  readonly name: Uint8Array;
  /** The name in upper case, as Zeek's http_header event passes it. */
  readonly upperName: string;
  readonly value: Uint8Array;
}

const TSPECIALS = new Set([...'()<>@,;:\\"/[]?='].map((c) => c.charCodeAt(0)));
const COLON = 0x3a;

function isFieldNameChar(c: number): boolean {
  return c >= 33 && c <= 126 && c !== COLON;
}

function isTokenChar(c: number): boolean {
  return c >= 33 && c <= 126 && !TSPECIALS.has(c);
}

/** Whether `c` is C's isspace() in the C locale. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Skips a parenthesised comment at `i` (nested, with backslash escapes); returns its end. */
function skipComment(data: Uint8Array, i: number): number {
  if (i >= data.length || data[i] !== 0x28) return i;
  let depth = 0;
  for (let k = i; k < data.length; k++) {
    if (data[k] === 0x28) depth++;
    else if (data[k] === 0x29 && --depth === 0) return k + 1;
    else if (data[k] === 0x5c) k++;
  }
  return data.length;
}

/** Skips blanks and comments from `i`. */
export function skipBlanksAndComments(data: Uint8Array, i: number): number {
  while (i < data.length) {
    if (isBlank(data[i])) i++;
    else if (data[i] === 0x28) i = skipComment(data, i);
    else return i;
  }
  return i;
}

/** Finds the first run of characters accepted by `accept` from `i`, skipping the rest. */
function findRun(
  data: Uint8Array, i: number, accept: (c: number) => boolean,
): [number, number] | undefined {
  i = skipBlanksAndComments(data, i);
  while (i < data.length) {
    if (accept(data[i])) {
      let j = i;
      while (j < data.length && accept(data[j])) j++;
      return [i, j];
    }
    const next = skipBlanksAndComments(data, i);
    i = next > i ? next : i + 1;
  }
  return undefined;
}

/** Parses a whole (unfolded) header field; undefined when it has no name or no colon. */
export function parseHeader(field: Uint8Array): HttpHeader | undefined {
  const nameRun = findRun(field, 0, isFieldNameChar);
  if (nameRun === undefined) return undefined;
  const colon = skipBlanksAndComments(field, nameRun[1]);
  if (colon >= field.length || field[colon] !== COLON) return undefined;

  let v = colon + 1;
  while (v < field.length && isSpace(field[v])) v++;
  const name = field.subarray(nameRun[0], nameRun[1]);
  return { name, upperName: upperAscii(name), value: field.subarray(v) };
}

/** The first token of a header value and what follows it; undefined if it has none. */
export function valueToken(value: Uint8Array): { token: Uint8Array; rest: Uint8Array } | undefined {
  const run = findRun(value, 0, isTokenChar);
  if (run === undefined) return undefined;
  return { token: value.subarray(run[0], run[1]), rest: value.subarray(run[1]) };
}

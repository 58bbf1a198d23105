/**
 * The lexical pieces of MIME header values (RFC 2045 section 5.1, RFC 2822 section 3.2), read
 * as Zeek's MIME analyzer reads them. Every function takes wire text and a start index and
 * returns the index just past what it read, or -1 when the piece is not there. Like Zeek, a
 * token search steps over any character that cannot start a token, so `text /plain` still
 * yields `plain` as the subtype.
 */

const TAB = 9;
const SPACE = 32;

function isLws(c: number): boolean {
  return c === TAB || c === SPACE;
}

/** RFC 2045's tspecials; in a boundary only the double quote is special. */
function isTspecial(c: number, isBoundary: boolean): boolean {
  if (isBoundary) return c === 0x22;
  return '()<>@,;:\\"/[]?='.includes(String.fromCharCode(c));
}

function isTokenChar(c: number, isBoundary: boolean): boolean {
  return c >= 33 && c <= 126 && !isTspecial(c, isBoundary);
}

/** A field name: printable characters except the colon. */
export function isFieldNameChar(c: number): boolean {
  return c >= 33 && c <= 126 && c !== 0x3a;
}

/** Skips one parenthesized comment (nesting and backslash escapes included). */
function skipComment(s: string, start: number): number {
  if (start >= s.length || s.charCodeAt(start) !== 0x28) return start;
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x28) depth++;
    else if (c === 0x5c) i++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return s.length;
}

/** Skips blanks and comments; stops at anything else. */
export function skipLwsAndComments(s: string, start: number): number {
  let i = start;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isLws(c)) i++;
    else if (c === 0x28) i = skipComment(s, i);
    else return i;
  }
  return s.length;
}

/** The next run of characters accepted by `accept`, stepping over anything else. */
function findRun(
  s: string, start: number, accept: (c: number) => boolean,
): { start: number; end: number } | undefined {
  let i = start;
  while (i < s.length) {
    if (accept(s.charCodeAt(i))) {
      let j = i;
      while (j < s.length && accept(s.charCodeAt(j))) j++;
      return { start: i, end: j };
    }
    const skipped = skipLwsAndComments(s, i) - i;
    i += skipped > 0 ? skipped : 1;
  }
  return undefined;
}

/** A field name, after leading blanks and comments. */
export function fieldName(s: string): { start: number; end: number } | undefined {
  return findRun(s, skipLwsAndComments(s, 0), isFieldNameChar);
}

/** A token (RFC 2045): for a boundary, leading blanks are kept and only `"` is special. */
export function token(
  s: string, start: number, isBoundary = false,
): { start: number; end: number } | undefined {
  const from = isBoundary ? start : skipLwsAndComments(s, start);
  return findRun(s, from, (c) => isTokenChar(c, isBoundary));
}

/** `type/subtype`; returns both tokens and the index after the subtype. */
export function slashTokenPair(
  s: string, start: number,
): { type: string; subtype: string; end: number } | undefined {
  const first = token(s, start);
  if (first === undefined) return undefined;
  const slash = skipLwsAndComments(s, first.end);
  if (slash >= s.length || s.charCodeAt(slash) !== 0x2f) return undefined;
  const second = token(s, slash + 1);
  if (second === undefined) return undefined;
  const type = s.slice(first.start, first.end);
  return { type, subtype: s.slice(second.start, second.end), end: second.end };
}

/** A quoted string after blanks and comments: its content, still with its quoted pairs. */
function quotedString(s: string, start: number): { text: string; end: number } | undefined {
  const open = skipLwsAndComments(s, start);
  if (open >= s.length || s.charCodeAt(open) !== 0x22) return undefined;
  for (let i = open + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return { text: s.slice(open + 1, i), end: i + 1 };
    if (c === 0x5c) i++;
  }
  return undefined;
}

/** Replaces each backslash pair by the character it quotes; a trailing backslash is dropped. */
function decodeQuotedPairs(text: string): string {
  return text.replace(/\\([^]?)/g, '$1');
}

/** A parameter value: a quoted string (unquoted) or a token. */
export function parameterValue(
  s: string, start: number, isBoundary = false,
): { value: string; end: number } | undefined {
  const from = isBoundary ? start : skipLwsAndComments(s, start);
  if (from < s.length && s.charCodeAt(from) === 0x22) {
    const q = quotedString(s, from);
    return q === undefined ? undefined : { value: decodeQuotedPairs(q.text), end: q.end };
  }
  const t = token(s, from, isBoundary);
  return t === undefined ? undefined : { value: s.slice(t.start, t.end), end: t.end };
}

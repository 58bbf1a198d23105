/**
 * Reading SMTP command and reply lines (RFC 5321 sections 4.1.1 and 4.2) as Zeek reads them:
 * the command word runs to the first whitespace and its argument starts after the blanks that
 * follow; a reply starts with three digits, and a `-` after them means more lines follow.
 */
import { wireText } from '../wire-text.js';

const TAB = 9;
const SPACE = 32;
const DASH = 0x2d;

/** C's isspace(), plus NUL, which ends a C string. */
function endsWord(c: number): boolean {
  return c === 0 || c === SPACE || (c >= TAB && c <= 0x0d);
}

/** The first index at or after `from` that is not a space or tab. */
function skipBlanks(line: Uint8Array, from: number): number {
  let i = from;
  while (i < line.length && (line[i] === SPACE || line[i] === TAB)) i++;
  return i;
}

/** A command line's word and argument, as wire text. */
export function splitCommandLine(line: Uint8Array): { word: string; arg: string } {
  let end = 0;
  while (end < line.length && !endsWord(line[end])) end++;
  return { word: wireText(line, 0, end), arg: wireText(line, skipBlanks(line, end)) };
}

/** Lowest and highest reply codes taken (RFC 5321 allows 2xx-5xx; 1xx and 5xx > 559 occur). */
const MIN_REPLY_CODE = 100;
const MAX_REPLY_CODE = 599;

export type ReplyLine =
  | { readonly kind: 'reply'; readonly code: number; readonly more: boolean; readonly msg: string }
  | { readonly kind: 'invalid' };

export function parseReplyLine(line: Uint8Array): ReplyLine {
  const digit = (i: number) => line[i] - 0x30;
  const isDigit = (i: number) => i < line.length && digit(i) >= 0 && digit(i) <= 9;
  if (!isDigit(0) || !isDigit(1) || !isDigit(2)) return { kind: 'invalid' };

  const code = digit(0) * 100 + digit(1) * 10 + digit(2);
  if (code < MIN_REPLY_CODE || code > MAX_REPLY_CODE) return { kind: 'invalid' };
  const more = line.length > 3 && line[3] === DASH;
  const msg = wireText(line, skipBlanks(line, more ? 4 : 3));
  return { kind: 'reply', code, more, msg };
}

/**
 * One client line of an FTP control connection: a command word and its argument (RFC 959
 * section 5.3). A command is at least three printable characters without blanks; longer than
 * the limit, it is refused as Zeek refuses it.
 */
import { wireText } from '../wire-text.js';

export type FtpRequestLine =
  | { readonly kind: 'command'; readonly command: string; readonly arg: string }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'too_long'; readonly length: number };

const MIN_COMMAND_LENGTH = 3;

/** Parses a line (without its end); `maxCommandLength` 0 means no limit. */
export function parseRequestLine(line: Uint8Array, maxCommandLength: number): FtpRequestLine {
  const start = skipBlanks(line, 0);
  let end = start;
  while (end < line.length && line[end] !== 0 && !isSpace(line[end])) end++;

  const length = end - start;
  if (!isCommandWord(line, start, end)) return { kind: 'invalid' };
  if (maxCommandLength > 0 && length > maxCommandLength) return { kind: 'too_long', length };

  const command = wireText(line, start, end).toUpperCase();
  const arg = wireText(line, skipBlanks(line, end));
  return { kind: 'command', command, arg };
}

function isCommandWord(line: Uint8Array, start: number, end: number): boolean {
  if (end - start < MIN_COMMAND_LENGTH) return false;
  for (let i = start; i < end; i++) {
    if (line[i] < 0x20 || line[i] > 0x7e || isSpace(line[i])) return false;
  }
  return true;
}

/** Skips spaces and tabs, the blanks FTP allows between fields. */
export function skipBlanks(line: Uint8Array, pos: number): number {
  while (pos < line.length && (line[pos] === 0x20 || line[pos] === 0x09)) pos++;
  return pos;
}

/** C's isspace: space, tab, LF, VT, FF, CR. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

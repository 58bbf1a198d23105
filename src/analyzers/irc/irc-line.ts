/**
 * Splits one IRC line (RFC 2812 section 2.3.1) into its prefix and either a three-digit reply
 * code or a command, and the parameters, with the checks Zeek makes in its order. IRCv3
 * message tags before the prefix are skipped.
 */
import { asciiUpper, isAsciiDigit, skipLeadingSpaces } from './irc-text.js';

/** RFC 2812 allows 512 bytes per line, CRLF included; Zeek rejects longer ones. */
export const MAX_IRC_LINE_BYTES = 512;
/** Shortest meaningful line or command ("WHO"). */
const MIN_LINE_BYTES = 3;

export type IrcLine =
  | {
      readonly kind: 'reply'; readonly prefix: string; readonly code: number;
      readonly params: string;
    }
  | {
      readonly kind: 'command'; readonly prefix: string; readonly command: string;
      readonly params: string;
    }
  /** Nothing to interpret (e.g. tags only). */
  | { readonly kind: 'empty' }
  /** `weird` is raised only once the analyzer is confirmed; `violation` always. */
  | { readonly kind: 'invalid'; readonly weird: string; readonly violation?: string };

export function parseIrcLine(raw: string): IrcLine {
  if (raw.length > MAX_IRC_LINE_BYTES) return { kind: 'invalid', weird: 'irc_line_size_exceeded' };
  let line = skipLeadingSpaces(raw);
  if (line.length < MIN_LINE_BYTES) return { kind: 'invalid', weird: 'irc_line_too_short' };

  if (line.startsWith('@')) {
    const space = line.indexOf(' ');
    if (space < 0) return { kind: 'empty' };
    line = line.slice(space + 1);
  }

  let prefix = '';
  if (line.startsWith(':')) {
    const space = line.indexOf(' ');
    if (space < 0) return { kind: 'invalid', weird: 'irc_invalid_line' };
    prefix = line.slice(1, space);
    line = skipLeadingSpaces(line.slice(space + 1));
  }
  if (line.length < MIN_LINE_BYTES) {
    return { kind: 'invalid', weird: 'irc_invalid_line', violation: 'line too short' };
  }
  return isAsciiDigit(line[0]) ? reply(prefix, line) : command(prefix, line);
}

function reply(prefix: string, line: string): IrcLine {
  if (!isAsciiDigit(line[1]) || !isAsciiDigit(line[2]) || line[3] !== ' ') {
    const weird = 'irc_invalid_reply_number';
    return { kind: 'invalid', weird, violation: 'invalid reply number' };
  }
  return { kind: 'reply', prefix, code: Number(line.slice(0, 3)), params: line.slice(4) };
}

function command(prefix: string, line: string): IrcLine {
  const space = line.indexOf(' ');
  const end = space < 0 ? line.length : space;
  const params = space < 0 ? '' : skipLeadingSpaces(line.slice(space + 1));
  return { kind: 'command', prefix, command: asciiUpper(line.slice(0, end)), params };
}

/**
 * Turns numeric server replies (RFC 2812 section 5) into events. Replies with their own event
 * are interpreted only when it has a handler, as in Zeek; a STARTTLS acceptance (670, from the
 * IRCv3 tls extension) is reported to the caller, which hands the connection over to TLS.
 */
import type { IrcCommandContext } from './irc-commands.js';
import { cString, splitWords } from './irc-text.js';

export const RPL_STARTTLS = 670;
const RPL_NAMREPLY = 353;
const RPL_YOUREOPER = 381;
const ERR_NOOPERHOST = 491;
const INVALID_NICK_CODES = new Set([431, 432, 433, 436]);
/**
 * Replies Zeek turns into events of their own (network, server and channel counts, WHOIS,
 * WHO and topic lines) that wirelog does not interpret yet: they raise nothing, as in Zeek
 * when those events have no handler; nothing the built-in logs use depends on them.
 */
const UNINTERPRETED_CODES = new Set([251, 254, 255, 266, 311, 313, 319, 332, 352]);

/** Interprets one reply; true when it accepts STARTTLS. */
export function interpretReply(
  x: IrcCommandContext, isOrig: boolean, prefix: string, code: number, params: string,
): boolean {
  if (code === RPL_STARTTLS) return true;
  if (code === RPL_NAMREPLY) names(x, isOrig, params);
  else if (INVALID_NICK_CODES.has(code)) {
    if (x.events.has('irc_invalid_nick')) x.events.emit('irc_invalid_nick', x.conn, isOrig);
  } else if (code === RPL_YOUREOPER || code === ERR_NOOPERHOST) {
    x.events.emit('irc_oper_response', x.conn, isOrig, code === RPL_YOUREOPER);
  } else if (!UNINTERPRETED_CODES.has(code)) {
    x.events.emit('irc_reply', x.conn, isOrig, cString(prefix), code, cString(params));
  }
  return false;
}

/** `353 nick type channel :nick1 @nick2 ...`: the users of a channel. */
function names(x: IrcCommandContext, isOrig: boolean, params: string): void {
  if (!x.events.has('irc_names_info')) return;
  const parts = splitWords(params, ' ');
  if (parts.length < 3) return x.weird('irc_invalid_names_line');

  const [, type, channel, ...users] = parts;
  if (users.length > 0 && users[0].startsWith(':')) users[0] = users[0].slice(1);
  const set = new Set(users.map((u) => (u.startsWith('@') ? u.slice(1) : u)));
  x.events.emit('irc_names_info', x.conn, isOrig, cString(type), cString(channel), [...set]);
}

/**
 * Turns IRC commands (RFC 2812 section 3) into events. As in Zeek, a command is interpreted
 * only when something handles its event, and malformed arguments become weirds named after
 * the command; a command nobody handles is reported as a plain request (from the client) or
 * message (from the server).
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { Connection } from '../../stages/connection.js';
import { interpretPrivmsg } from './irc-privmsg.js';
import type { IrcJoinInfo } from './irc-events.js';
import { cString, skipLeadingSpaces, splitWords } from './irc-text.js';

/** Commands longer than this are not commands (Zeek's sanity bound). */
export const MAX_IRC_COMMAND_BYTES = 20;

export interface IrcCommandContext {
  readonly conn: Connection;
  readonly events: EventBus<CoreEvents>;
  weird(name: string, addl?: string): void;
  /** A DCC offer of `type` (SEND, CHAT, ...) for a connection to `address`:`port`. */
  dccOffer(type: string, address: string, port: number): void;
}

type Interpreter = (x: IrcCommandContext, isOrig: boolean, prefix: string, params: string) => void;

/** The nick of a `nick!user@host` prefix; empty without a `!`. */
function nickOf(prefix: string): string {
  const bang = prefix.indexOf('!');
  return bang < 0 ? '' : prefix.slice(0, bang);
}

function stripColon(s: string): string {
  return s.startsWith(':') ? s.slice(1) : s;
}

/** `target rest`: the target and the rest without leading blanks and colon. */
function targetAndText(params: string): [string, string] | undefined {
  const space = params.indexOf(' ');
  if (space < 0) return undefined;
  return [params.slice(0, space), stripColon(skipLeadingSpaces(params.slice(space + 1)))];
}

function nick(x: IrcCommandContext, isOrig: boolean, prefix: string, params: string): void {
  x.events.emit('irc_nick_message', x.conn, isOrig, cString(prefix), stripColon(params));
}

/** `USER user host server :real name`; Zeek joins the real name's words in its own way. */
function user(x: IrcCommandContext, isOrig: boolean, _prefix: string, params: string): void {
  const parts = splitWords(params, ' ');
  let realName = '';
  for (let i = 3; i < parts.length; i++) realName += parts[i] + (i > 3 ? ' ' : '');
  realName = stripColon(cString(realName));
  x.events.emit('irc_user_message', x.conn, isOrig, cString(parts[0] ?? ''),
    cString(parts[1] ?? ''), cString(parts[2] ?? ''), realName);
}

function join(x: IrcCommandContext, isOrig: boolean, prefix: string, params: string): void {
  const parts = splitWords(stripColon(params), ' ');
  if (parts.length === 0) return x.weird('irc_invalid_join_line');

  const nickname = nickOf(prefix);
  const passwords = parts.length > 1 ? splitWords(parts[1], ',') : [];
  const list = splitWords(parts[0], ',').map((channel, i): IrcJoinInfo => ({
    nick: nickname, channel, password: passwords[i] ?? '', usermode: '',
  }));
  x.events.emit('irc_join_message', x.conn, isOrig, uniqueJoins(list));
}

const NJOIN_MODES: readonly [string, string][] = [
  ['@@', 'creator'], ['@', 'operator'], ['+', 'voice'],
];

function njoin(x: IrcCommandContext, isOrig: boolean, _prefix: string, params: string): void {
  const parts = splitWords(params, ' ');
  if (parts.length !== 2) return x.weird('irc_invalid_njoin_line');

  const list = splitWords(stripColon(parts[1]), ',').map((entry): IrcJoinInfo => {
    const mode = NJOIN_MODES.find(([mark]) => entry.startsWith(mark));
    const nick = mode === undefined ? entry : entry.slice(mode[0].length);
    return { nick, channel: parts[0], password: '', usermode: mode?.[1] ?? 'none' };
  });
  x.events.emit('irc_join_message', x.conn, isOrig, uniqueJoins(list));
}

/** Zeek passes joins as a set: identical entries count once. */
function uniqueJoins(list: IrcJoinInfo[]): IrcJoinInfo[] {
  const seen = new Map<string, IrcJoinInfo>();
  for (const j of list) seen.set(JSON.stringify(j), j);
  return [...seen.values()];
}

function part(x: IrcCommandContext, isOrig: boolean, prefix: string, params: string): void {
  const space = params.indexOf(' ');
  const channels = space < 0 ? params : params.slice(0, space);
  const message = space < 0 ? '' : stripColon(skipLeadingSpaces(params.slice(space + 1)));
  const bang = prefix.indexOf('!');
  const who = bang < 0 ? prefix : prefix.slice(0, bang);
  x.events.emit('irc_part_message', x.conn, isOrig, cString(who),
    [...new Set(splitWords(channels, ','))], cString(message));
}

function quit(x: IrcCommandContext, isOrig: boolean, prefix: string, params: string): void {
  x.events.emit('irc_quit_message', x.conn, isOrig, cString(nickOf(prefix)), stripColon(params));
}

type TextEvent = 'irc_notice_message' | 'irc_squery_message';

function textMessage(name: TextEvent, weird: string): Interpreter {
  return (x, isOrig, prefix, params) => {
    const split = targetAndText(params);
    if (split === undefined) return x.weird(weird);
    x.events.emit(name, x.conn, isOrig, cString(prefix), cString(split[0]), cString(split[1]));
  };
}

function who(x: IrcCommandContext, isOrig: boolean, _prefix: string, params: string): void {
  const parts = splitWords(params, ' ');
  if (parts.length > 2) return x.weird('irc_invalid_who_message_format');
  const oper = parts.length === 2 && parts[1] === 'o';
  x.events.emit('irc_who_message', x.conn, isOrig, cString(stripColon(parts[0] ?? '')), oper);
}

function whois(x: IrcCommandContext, isOrig: boolean, _prefix: string, params: string): void {
  const parts = splitWords(params, ' ');
  if (parts.length === 0 || parts.length > 2) return x.weird('irc_invalid_whois_message_format');
  const [server, users] = parts.length === 2 ? parts : ['', parts[0]];
  x.events.emit('irc_whois_message', x.conn, isOrig, cString(server), cString(users));
}

function invite(x: IrcCommandContext, isOrig: boolean, prefix: string, params: string): void {
  const parts = splitWords(params, ' ');
  if (parts.length !== 2) return x.weird('irc_invalid_invite_message_format');
  x.events.emit('irc_invite_message', x.conn, isOrig, cString(prefix), cString(parts[0]),
    cString(stripColon(parts[1])));
}

function kick(x: IrcCommandContext, isOrig: boolean, prefix: string, params: string): void {
  const parts = splitWords(params, ' ');
  if (parts.length <= 1) return x.weird('irc_invalid_kick_message_format');
  const comment = parts.length > 2 ? stripColon(parts.slice(2).join(' ')) : '';
  x.events.emit('irc_kick_message', x.conn, isOrig, cString(prefix), cString(parts[0]),
    cString(parts[1]), cString(comment));
}

function oper(x: IrcCommandContext, isOrig: boolean, _prefix: string, params: string): void {
  const parts = splitWords(params, ' ');
  if (parts.length !== 2) return x.weird('irc_invalid_oper_message_format');
  x.events.emit('irc_oper_message', x.conn, isOrig, cString(parts[0]), cString(parts[1]));
}

function squit(x: IrcCommandContext, isOrig: boolean, prefix: string, params: string): void {
  const space = params.indexOf(' ');
  const server = space < 0 ? '' : params.slice(0, space);
  const message = space < 0 ? '' : stripColon(skipLeadingSpaces(params.slice(space + 1)));
  x.events.emit('irc_squit_message', x.conn, isOrig, cString(prefix), cString(server),
    cString(message));
}

/** Per command: the event that must have a handler, and its interpreter; in Zeek's order. */
const COMMANDS: readonly [string, (keyof CoreEvents)[], Interpreter][] = [
  ['PRIVMSG', ['irc_privmsg_message', 'irc_dcc_message'], interpretPrivmsg],
  ['NOTICE', ['irc_notice_message'],
    textMessage('irc_notice_message', 'irc_invalid_notice_message_format')],
  ['SQUERY', ['irc_squery_message'],
    textMessage('irc_squery_message', 'irc_invalid_squery_message_format')],
  ['USER', ['irc_user_message'], user],
  ['OPER', ['irc_oper_message'], oper],
  ['KICK', ['irc_kick_message'], kick],
  ['JOIN', ['irc_join_message'], join],
  ['NJOIN', ['irc_join_message'], njoin],
  ['PART', ['irc_part_message'], part],
  ['QUIT', ['irc_quit_message'], quit],
  ['NICK', ['irc_nick_message'], nick],
  ['WHO', ['irc_who_message'], who],
  ['WHOIS', ['irc_whois_message'], whois],
  ['ERROR', ['irc_error_message'], (x, o, p, params) =>
    x.events.emit('irc_error_message', x.conn, o, cString(p), cString(stripColon(params)))],
  ['INVITE', ['irc_invite_message'], invite],
  ['MODE', ['irc_mode_message'], (x, o, p, params) => params === ''
    ? x.weird('irc_invalid_mode_message_format')
    : x.events.emit('irc_mode_message', x.conn, o, cString(p), cString(params))],
  ['PASS', ['irc_password_message'], (x, o, _p, params) =>
    x.events.emit('irc_password_message', x.conn, o, cString(params))],
  ['SQUIT', ['irc_squit_message'], squit],
];

/** Interprets one command line. */
export function interpretCommand(
  x: IrcCommandContext, isOrig: boolean, prefix: string, command: string, params: string,
): void {
  const entry = COMMANDS.find(([name, needs]) =>
    name === command && needs.some((e) => x.events.has(e)));
  if (entry !== undefined) return entry[2](x, isOrig, prefix, params);

  const fallback = isOrig ? 'irc_request' : 'irc_message';
  x.events.emit(fallback, x.conn, isOrig, cString(prefix), cString(command), cString(params));
}

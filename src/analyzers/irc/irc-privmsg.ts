/**
 * PRIVMSG, including the CTCP-wrapped DCC offers it carries (`\x01DCC SEND file ip port
 * size\x01`, from the CTCP and DCC conventions): a DCC offer raises `irc_dcc_message` with the
 * announced address and port, anything else `irc_privmsg_message`.
 */
import { formatIp } from '../../stages/ip-address.js';
import type { IrcCommandContext } from './irc-commands.js';
import { cAtoi, cString, leadingUint32, skipLeadingSpaces, splitWords } from './irc-text.js';

const CTCP_DELIMITER = '\x01';
const MAX_PORT = 65535;
/** DCC word counts: `DCC type argument address port [size]`, or 7 with Turbo DCC's `T`. */
const MIN_DCC_WORDS = 5;
const MAX_DCC_WORDS = 6;
const TURBO_DCC_WORDS = 7;

export function interpretPrivmsg(
  x: IrcCommandContext, isOrig: boolean, prefix: string, params: string,
): void {
  const space = params.indexOf(' ');
  if (space < 0) return x.weird('irc_invalid_privmsg_message_format');

  const target = params.slice(0, space);
  let message = skipLeadingSpaces(params.slice(space + 1));
  if (message.startsWith(':')) message = message.slice(1);
  if (message.startsWith(CTCP_DELIMITER)) message = message.slice(1);

  if (message.length > 3 && message.startsWith('DCC')) {
    return dcc(x, isOrig, prefix, target, message);
  }
  if (!x.events.has('irc_privmsg_message')) return;
  x.events.emit('irc_privmsg_message', x.conn, isOrig, cString(prefix), cString(target),
    cString(message));
}

function dcc(x: IrcCommandContext, isOrig: boolean, prefix: string, target: string, text: string) {
  const message = text.endsWith(CTCP_DELIMITER) ? text.slice(0, -1) : text;
  const parts = splitWords(message, ' ');
  const turbo = parts.length === TURBO_DCC_WORDS && parts[6] === 'T';
  if ((parts.length < MIN_DCC_WORDS || parts.length > MAX_DCC_WORDS) && !turbo) {
    return x.weird('irc_invalid_dcc_message_format');
  }

  const host = leadingUint32(parts[3]);
  if (host === undefined) return x.weird('irc_invalid_dcc_host');
  const port = leadingUint32(parts[4]);
  if (port === undefined || port > MAX_PORT) {
    return x.weird('irc_invalid_dcc_port', String((port ?? 0) | 0));
  }

  const address = formatIp(ipv4Bytes(host), 0, 4);
  const size = parts.length >= MAX_DCC_WORDS ? countOf(cAtoi(parts[5])) : 0;
  x.events.emit('irc_dcc_message', x.conn, isOrig, cString(prefix), cString(target),
    cString(parts[1]), cString(parts[2]), address, port, size);
  x.dccOffer(cString(parts[1]), address, port);
}

/** A 32-bit host-order IPv4 address as its four network-order bytes. */
function ipv4Bytes(host: number): Uint8Array {
  return Uint8Array.of(host >>> 24, (host >>> 16) & 0xff, (host >>> 8) & 0xff, host & 0xff);
}

/** A C int turned into a Zeek count: negative values wrap to 64 bits. */
function countOf(n: number): number | bigint {
  return n >= 0 ? n : BigInt.asUintN(64, BigInt(n));
}

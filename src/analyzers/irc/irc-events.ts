/**
 * Events of the IRC analyzers, with Zeek's names and argument order. Text arguments are binary
 * strings: one char per byte of the line (latin1), so no byte is lost to decoding.
 */
import type { Connection } from '../../stages/connection.js';

/** One channel of a JOIN or NJOIN (Zeek's irc_join_info). */
export interface IrcJoinInfo {
  readonly nick: string;
  readonly channel: string;
  readonly password: string;
  /** NJOIN only: none, voice, operator or creator; empty for JOIN. */
  readonly usermode: string;
}

type Conn = Connection;

export interface IrcEvents {
  irc_request: [c: Conn, isOrig: boolean, prefix: string, command: string, args: string];
  irc_message: [c: Conn, isOrig: boolean, prefix: string, command: string, message: string];
  irc_reply: [c: Conn, isOrig: boolean, prefix: string, code: number, params: string];
  irc_nick_message: [c: Conn, isOrig: boolean, who: string, newnick: string];
  irc_user_message: [
    c: Conn, isOrig: boolean, user: string, host: string, server: string, realName: string,
  ];
  irc_join_message: [c: Conn, isOrig: boolean, infoList: readonly IrcJoinInfo[]];
  irc_part_message: [c: Conn, isOrig: boolean, nick: string, chans: string[], message: string];
  irc_quit_message: [c: Conn, isOrig: boolean, nick: string, message: string];
  irc_privmsg_message: [c: Conn, isOrig: boolean, source: string, target: string, message: string];
  irc_notice_message: [c: Conn, isOrig: boolean, source: string, target: string, message: string];
  irc_squery_message: [c: Conn, isOrig: boolean, source: string, target: string, message: string];
  irc_dcc_message: [
    c: Conn, isOrig: boolean, prefix: string, target: string, dccType: string, argument: string,
    address: string, destPort: number, size: number | bigint,
  ];
  irc_mode_message: [c: Conn, isOrig: boolean, prefix: string, params: string];
  irc_password_message: [c: Conn, isOrig: boolean, password: string];
  irc_error_message: [c: Conn, isOrig: boolean, prefix: string, message: string];
  irc_invite_message: [c: Conn, isOrig: boolean, prefix: string, nickname: string, channel: string];
  irc_kick_message: [
    c: Conn, isOrig: boolean, prefix: string, chans: string, users: string, comment: string,
  ];
  irc_who_message: [c: Conn, isOrig: boolean, mask: string, oper: boolean];
  irc_whois_message: [c: Conn, isOrig: boolean, server: string, users: string];
  irc_oper_message: [c: Conn, isOrig: boolean, user: string, password: string];
  irc_squit_message: [c: Conn, isOrig: boolean, prefix: string, server: string, message: string];
  irc_names_info: [c: Conn, isOrig: boolean, cType: string, channel: string, users: string[]];
  irc_invalid_nick: [c: Conn, isOrig: boolean];
  irc_oper_response: [c: Conn, isOrig: boolean, gotOper: boolean];
  /** The server accepted STARTTLS (reply 670); the rest of the connection is TLS. */
  irc_starttls: [c: Conn];
  /** The receiver of a DCC SEND acknowledged this many bytes in total. */
  irc_dcc_send_ack: [c: Conn, bytesReceived: number];
}

/**
 * The session state machine: how a command (reply 0: seen, not yet answered) or a reply to it
 * moves the session. A state follows from the command and reply pair, rarely from the state
 * before, because clients pipeline well beyond what RFC 2920 allows: the state is advanced
 * as if each command will succeed, and corrected when its reply says otherwise. The cases and
 * the reply codes accepted for each are Zeek's.
 */
import type { SmtpCommand } from './smtp-commands.js';
import type { SmtpState } from './smtp-states.js';

/** What the state machine acts on. */
export interface SmtpSession {
  state: SmtpState;
  /** The client starts sending message data (DATA accepted, or seen after a gap). */
  beginData(): void;
  /** The message data ended (or was abandoned). */
  endData(): void;
  /** STARTTLS was accepted. */
  startTls(): void;
  /** TURN was accepted: the roles of sender and receiver swap. */
  turn(): void;
  unexpectedCommand(cmd: SmtpCommand | undefined, reply: number): void;
  unexpectedReply(cmd: SmtpCommand | undefined, reply: number): void;
}

/** Reply 0 stands for the command itself. */
const COMMAND = 0;

export function updateState(s: SmtpSession, cmd: SmtpCommand | undefined, reply: number): void {
  if (s.state === 'quit' && reply === COMMAND) s.unexpectedCommand(cmd, reply);
  switch (cmd) {
    case 'CONN_ESTABLISHMENT': return greeting(s, reply);
    case 'EHLO':
    case 'HELO': return hello(s, cmd, reply);
    case 'MAIL':
    case 'SEND':
    case 'SOML':
    case 'SAML': return mailFrom(s, cmd, reply);
    case 'RCPT': return rcptTo(s, cmd, reply);
    case 'DATA': return data(s, cmd, reply);
    case 'BDAT': return bdat(s, cmd, reply);
    case 'END_OF_DATA': return endOfData(s, cmd, reply);
    case 'RSET': return simple(s, cmd, reply, 250, 'ready');
    case 'QUIT': return simple(s, cmd, reply, 221, 'quit');
    case 'AUTH': return auth(s, cmd, reply, 'ready');
    case 'AUTH_ANSWER': return auth(s, cmd, reply, 'in_auth');
    case 'TURN': return turn(s, cmd, reply);
    case 'STARTTLS':
    case 'X_ANONYMOUSTLS': return startTls(s, cmd, reply);
    default:
      // VRFY, EXPN, HELP, NOOP, ETRN and unknown commands leave the state alone, except that
      // a 354 after a gap shows the lost command was DATA.
      if (s.state === 'gap_recovery' && reply === 354) s.beginData();
  }
}

function greeting(s: SmtpSession, reply: number): void {
  if (reply === COMMAND) {
    // The greeting is expected only at the very start.
    if (s.state !== 'connected') s.unexpectedCommand('CONN_ESTABLISHMENT', reply);
    s.state = 'initiated';
  } else if (reply === 421 || reply === 554) {
    s.state = 'not_available';
  } else if (reply !== 220) {
    s.unexpectedReply('CONN_ESTABLISHMENT', reply);
  }
}

function hello(s: SmtpSession, cmd: SmtpCommand, reply: number): void {
  if (reply === COMMAND) {
    if (s.state !== 'initiated') s.unexpectedCommand(cmd, reply);
    s.state = 'ready';
  } else if ([421, 500, 501, 504, 550].includes(reply)) {
    s.state = 'initiated';
  } else if (reply !== 250) {
    s.unexpectedReply(cmd, reply);
  }
}

function mailFrom(s: SmtpSession, cmd: SmtpCommand, reply: number): void {
  if (reply === COMMAND) {
    if (s.state !== 'ready') s.unexpectedCommand(cmd, reply);
    s.state = 'mail_ok';
  } else if ([421, 451, 452, 500, 501, 503, 550, 552, 553].includes(reply)) {
    if (s.state !== 'in_data') s.state = 'ready';
  } else if (reply !== 250) {
    s.unexpectedReply(cmd, reply);
  }
}

/** Replies to RCPT that leave the state alone: accepted (250, 251) or refused. */
const RCPT_REPLIES = [250, 251, 421, 450, 451, 452, 500, 501, 503, 550, 551, 552, 553, 554];

function rcptTo(s: SmtpSession, cmd: SmtpCommand, reply: number): void {
  if (reply === COMMAND) {
    if (s.state !== 'mail_ok' && s.state !== 'rcpt_ok') s.unexpectedCommand(cmd, reply);
    s.state = 'rcpt_ok';
  } else if (!RCPT_REPLIES.includes(reply)) {
    s.unexpectedReply(cmd, reply);
  }
}

function data(s: SmtpSession, cmd: SmtpCommand, reply: number): void {
  if (reply === COMMAND) {
    if (s.state !== 'rcpt_ok') s.unexpectedCommand(cmd, reply);
    s.beginData();
    return;
  }
  if (reply === 354) return;
  if (![421, 451, 500, 501, 503, 554].includes(reply)) s.unexpectedReply(cmd, reply);
  // DATA was refused: whatever was taken for message data was not.
  if (s.state === 'in_data') s.endData();
  s.state = reply === 421 ? 'quit' : 'ready';
}

function bdat(s: SmtpSession, cmd: SmtpCommand, reply: number): void {
  if (reply === COMMAND) {
    if (s.state !== 'rcpt_ok') s.unexpectedCommand(cmd, reply);
    s.state = 'in_bdat';
    return;
  }
  // Whatever the reply, the client finishes sending the chunk in flight, so data goes on.
  if (![250, 421, 500, 501, 503, 451, 554].includes(reply)) s.unexpectedReply(cmd, reply);
}

function endOfData(s: SmtpSession, cmd: SmtpCommand, reply: number): void {
  if (reply === COMMAND) {
    if (s.state !== 'in_data' && s.state !== 'in_bdat') s.unexpectedCommand(cmd, reply);
    s.endData();
    s.state = 'after_data';
    return;
  }
  if (![250, 421, 451, 452, 552, 554].includes(reply)) s.unexpectedReply(cmd, reply);
  s.state = 'ready';
}

/** A command that moves to `next` when sent and expects `accepted` as its reply. */
function simple(
  s: SmtpSession, cmd: SmtpCommand, reply: number, accepted: number, next: SmtpState,
): void {
  if (reply === COMMAND) s.state = next;
  else if (reply !== accepted) s.unexpectedReply(cmd, reply);
}

/** AUTH (from `ready`) and each line of the exchange (from `in_auth`). */
function auth(s: SmtpSession, cmd: SmtpCommand, reply: number, expected: SmtpState): void {
  if (s.state !== expected) s.unexpectedCommand(cmd, reply);
  if (reply === COMMAND) return;
  // 334 asks for more; anything else (235 success, 5xx failure ...) ends the exchange.
  s.state = reply === 334 ? 'in_auth' : 'initiated';
}

function turn(s: SmtpSession, cmd: SmtpCommand, reply: number): void {
  if (s.state !== 'ready') s.unexpectedCommand(cmd, reply);
  if (reply === 250) s.turn();
}

function startTls(s: SmtpSession, cmd: SmtpCommand, reply: number): void {
  if (s.state !== 'ready') s.unexpectedCommand(cmd, reply);
  if (reply === 220) s.startTls();
}

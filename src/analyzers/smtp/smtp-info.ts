/**
 * One mail transaction as smtp.log records it (Zeek's SMTP::Info, with what entities.zeek and
 * files.zeek add), and the per-connection session state behind it (SMTP::State). String fields
 * hold wire text: one character per byte.
 */
import type { Connection } from '../../stages/connection.js';

/** The MIME entity being read, for the name its file gets. */
export interface SmtpEntity {
  filename?: Uint8Array;
}

export class SmtpInfo {
  helo: string | undefined;
  mailfrom: string | undefined;
  rcptto: Set<string> | undefined;
  date: string | undefined;
  from: string | undefined;
  to: Set<string> | undefined;
  cc: Set<string> | undefined;
  replyTo: string | undefined;
  msgId: string | undefined;
  inReplyTo: string | undefined;
  subject: string | undefined;
  xOriginatingIp: string | undefined;
  firstReceived: string | undefined;
  secondReceived: string | undefined;
  /** `code text` of the last reply line. */
  lastReply: string | undefined;
  /** Hosts the message passed through, this connection's responder and originator first. */
  readonly path: string[];
  userAgent: string | undefined;
  /** Whether the session switched to TLS. */
  tls = false;
  /** Ids of the files (MIME entities) of the message, in order. */
  readonly fuids: string[] = [];
  /** Whether Received headers still extend the path. */
  processReceivedFrom = true;
  /** Whether the client did anything worth a row. */
  hasClientActivity = false;
  /** Whether header fields still describe the message (only the top-level entity's do). */
  processSmtpHeaders = true;
  entityCount = 0;
  entity: SmtpEntity | undefined;

  constructor(
    /** Network time the transaction was first seen. */
    readonly ts: number,
    readonly conn: Connection,
    /** Position of the message in the session, from 1. */
    readonly transDepth: number,
  ) {
    this.path = [conn.respH, conn.origH];
  }
}

export class SmtpState {
  helo: string | undefined;
  /** Messages whose data the server acknowledged. */
  messagesTransferred = 0;
  transMailFromSeen = false;
  transRcptToSeen = false;
  invalidTransactions = 0;
  bdatLastObserved = false;
  /** Whether the analyzer confirmed SMTP and is still attached. */
  analyzerAttached = false;
  /** Whether too many invalid transactions switched the analyzer off. */
  analyzerDisabled = false;
  /** MIME entities seen in the session, the files' depth. */
  mimeDepth = 0;
  /** The transaction being recorded (Zeek's `c$smtp`). */
  info: SmtpInfo | undefined;
}

const STATE_KEY = 'smtp';

/** Network time of the delivery being analyzed. */
export function networkTime(c: Connection): number {
  return c.analysis?.now ?? c.lastTime;
}

/** The session state of `c`, if SMTP was seen on it. */
export function smtpStateOf(c: Connection): SmtpState | undefined {
  return c.extra.get(STATE_KEY) as SmtpState | undefined;
}

/** The session state of `c`, made on first use, with a transaction to record (set_smtp_session). */
export function smtpSession(c: Connection): SmtpState {
  let s = smtpStateOf(c);
  if (s === undefined) c.extra.set(STATE_KEY, (s = new SmtpState()));
  s.info ??= newSmtpInfo(c, s);
  return s;
}

/** A fresh transaction, numbered after the messages already transferred. */
export function newSmtpInfo(c: Connection, s: SmtpState): SmtpInfo {
  const info = new SmtpInfo(networkTime(c), c, s.messagesTransferred + 1);
  info.helo = s.helo;
  return info;
}

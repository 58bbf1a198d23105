/**
 * The SMTP session states, updated on every command and reply. The point is not to check the
 * session for correctness but to know when the client sends message data, and to notice when
 * a session departs from what the RFCs describe. Order and numbering are Zeek's, since the
 * numbers appear in `smtp_unexpected` details.
 */

export const SMTP_STATES = [
  /** Before the greeting. */
  'connected',
  /** After a 220 greeting: EHLO or HELO expected. */
  'initiated',
  /** After a 421 or 554 greeting. */
  'not_available',
  /** After EHLO/HELO and 250. */
  'ready',
  /** After MAIL and 250: RCPT expected. */
  'mail_ok',
  /** After one accepted RCPT: DATA or more RCPT expected. */
  'rcpt_ok',
  /** After DATA: message lines until a lone `.`. */
  'in_data',
  /** After the `.`, before its reply. */
  'after_data',
  /** After AUTH and 334: the client sends credentials. */
  'in_auth',
  /** After STARTTLS and 220: the rest is TLS. */
  'in_tls',
  /** After QUIT. */
  'quit',
  /** After a content gap: commands and data cannot be told apart. */
  'after_gap',
  /** After the first reply following a gap. */
  'gap_recovery',
  /** Receiving BDAT chunks. */
  'in_bdat',
] as const;

export type SmtpState = (typeof SMTP_STATES)[number];

/** The state's number, as Zeek prints it. */
export function stateNumber(state: SmtpState): number {
  return SMTP_STATES.indexOf(state);
}

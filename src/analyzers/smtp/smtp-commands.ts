/**
 * SMTP command words (RFC 5321 section 4.1, plus SEND/SOML/SAML/TURN of RFC 821, BDAT of RFC
 * 3030, ETRN of RFC 1985, AUTH of RFC 4954, STARTTLS of RFC 3207) and the pseudo-commands the
 * session tracks: the greeting (CONN_ESTABLISHMENT), the end of data (END_OF_DATA) and the
 * lines of an AUTH exchange (AUTH_ANSWER). The order is Zeek's; it shows as numbers nowhere,
 * but names are matched as Zeek matches them, pseudo-commands included.
 */

export const SMTP_COMMANDS = [
  'EHLO', 'HELO', 'MAIL', 'RCPT', 'DATA', 'QUIT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP',
  'STARTTLS', 'X_ANONYMOUSTLS', 'CONN_ESTABLISHMENT', 'END_OF_DATA', 'SEND', 'SOML', 'SAML',
  'TURN', 'BDAT', 'ETRN', 'AUTH', 'AUTH_ANSWER',
] as const;

export type SmtpCommand = (typeof SMTP_COMMANDS)[number];

const BY_NAME: ReadonlyMap<string, SmtpCommand> = new Map<string, SmtpCommand>([
  ...SMTP_COMMANDS.map((c) => [c, c] as [string, SmtpCommand]),
  // The one command whose wire name is not a valid identifier.
  ['X-ANONYMOUSTLS', 'X_ANONYMOUSTLS'],
]);

/** The command a client word names (case-insensitive), or undefined. */
export function parseCommand(word: string): SmtpCommand | undefined {
  return BY_NAME.get(word.toUpperCase());
}

/** How `smtp_reply` names the command a reply answers. */
export function replyCommandName(cmd: SmtpCommand | undefined): string {
  if (cmd === 'CONN_ESTABLISHMENT') return '>';
  if (cmd === 'END_OF_DATA') return '.';
  return cmd ?? '(UNKNOWN)';
}

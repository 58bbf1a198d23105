/**
 * Lets the smtp.log logic switch the SMTP analyzer of a connection off, as Zeek's script does
 * with `disable_analyzer` after too many invalid mail transactions: the analyzer checks the
 * mark on every delivery and stops parsing once it is set.
 */
import type { Connection } from '../../stages/connection.js';

const DISABLED_KEY = 'smtp.disabled';

export function disableSmtpAnalyzer(c: Connection): void {
  c.extra.set(DISABLED_KEY, true);
}

export function isSmtpAnalyzerDisabled(c: Connection): boolean {
  return c.extra.get(DISABLED_KEY) === true;
}

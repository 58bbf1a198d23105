/**
 * STARTTLS hand-off: a plaintext protocol analyzer (SMTP, IMAP, IRC, FTP AUTH TLS, XMPP ...)
 * that sees its peers agree to upgrade passes the rest of the connection's bytes to a TLS
 * analyzer made here. The TLS analyzer confirms the `ssl` service on the connection itself and
 * writes its ssl.log row as any other.
 */
import type { Analyzer, AnalyzerContext } from '../analyzer.js';
import { SslAnalyzer } from './ssl-analyzer.js';

/** Marks a connection whose bytes already go to a hand-off TLS analyzer. */
const HANDED_OFF_KEY = 'ssl.starttls';

/**
 * Returns the TLS analyzer that takes over `parent`'s connection: feed it every later stream
 * byte (`deliverStream`), gaps and end of data. Returns undefined when another analyzer of the
 * same connection already handed off, so one upgrade yields one ssl.log row.
 */
export function handOffToTls(parent: AnalyzerContext): Analyzer | undefined {
  const conn = parent.conn;
  if (conn.extra.has(HANDED_OFF_KEY)) return undefined;
  conn.extra.set(HANDED_OFF_KEY, true);

  const ctx: AnalyzerContext = {
    conn,
    events: parent.events,
    logs: parent.logs,
    now: () => parent.now(),
    confirm: () => {
      if (!conn.services.includes('ssl')) conn.services.push('ssl');
    },
    // The TLS analyzer stops itself on a violation; the parent protocol stays attached.
    violation: () => undefined,
    weird: (name, addl) => parent.weird(name, addl),
    partial: () => parent.partial(),
  };
  return new SslAnalyzer(ctx);
}

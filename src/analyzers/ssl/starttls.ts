/**
 * Hand-offs from other analyzers to TLS. A plaintext protocol analyzer (SMTP, IMAP, IRC, FTP
 * AUTH TLS, XMPP, an HTTP CONNECT tunnel ...) that sees its peers agree to upgrade passes the
 * rest of the connection's bytes to `handOffToTls`; a protocol that carries the TLS handshake
 * without TLS records feeds it to `tlsHandshakeStream`, or frames it in records itself and
 * feeds `tlsRecordStream` (QUIC, whose CRYPTO frames hold the handshake, RFC 9001 4).
 * Either way the TLS side confirms the `ssl` service itself and writes its ssl.log row.
 */
import type { Connection } from '../../stages/connection.js';
import type { Analyzer, AnalyzerContext } from '../analyzer.js';
import { SslAnalyzer, TlsAnalysis } from './ssl-analyzer.js';

/** Marks a connection whose bytes already go to a hand-off TLS analyzer. */
const HANDED_OFF_KEY = 'ssl.starttls';
/** Names the protocol that carries a connection's TLS handshake, when it is not TLS records. */
const CARRIER_KEY = 'ssl.carrier';

/** A protocol that carries the TLS handshake in frames of its own (RFC 9001 4 for QUIC). */
export type TlsCarrier = 'quic';

/**
 * Returns the TLS analyzer that takes over `parent`'s connection: feed it every later stream
 * byte (`deliverStream`), gaps and end of data. Returns undefined when another analyzer of the
 * same connection already handed off, so one upgrade yields one ssl.log row.
 */
export function handOffToTls(parent: AnalyzerContext): Analyzer | undefined {
  if (parent.conn.extra.has(HANDED_OFF_KEY)) return undefined;
  parent.conn.extra.set(HANDED_OFF_KEY, true);
  return new SslAnalyzer(childContext(parent));
}

/**
 * A TLS analyzer for `parent`'s connection that takes TLS records from `parent`, as many times
 * as `parent` starts over (QUIC does after a Retry). The ssl.log row stays the connection's one.
 * The connection is marked as carried by `carrier`, so what depends on the transport (JA4's
 * first letter) can tell a QUIC handshake from DTLS on the same UDP port.
 */
export function tlsRecordStream(parent: AnalyzerContext, carrier: TlsCarrier): Analyzer {
  parent.conn.extra.set(CARRIER_KEY, carrier);
  return new SslAnalyzer(childContext(parent));
}

/** The protocol that carried the connection's TLS handshake; undefined for TLS records. */
export function tlsCarrierOf(c: Connection): TlsCarrier | undefined {
  return c.extra.get(CARRIER_KEY) as TlsCarrier | undefined;
}

/** Handshake messages carried outside TLS records. */
export interface TlsHandshakeStream {
  /** In-order handshake bytes of one side (messages may span calls). */
  deliver(isOrig: boolean, data: Uint8Array): void;
}

/** A TLS handshake parser for `parent`'s connection that takes handshake bytes directly. */
export function tlsHandshakeStream(parent: AnalyzerContext): TlsHandshakeStream {
  const tls = new TlsAnalysis(childContext(parent), 'SSL');
  return {
    deliver(isOrig, data) {
      if (!tls.state.skipping) tls.records.handshakeRecord(isOrig, data, 0);
    },
  };
}

/** `parent`'s context, except that confirming adds the `ssl` service. */
function childContext(parent: AnalyzerContext): AnalyzerContext {
  const conn = parent.conn;
  return {
    ...parent,
    conn,
    events: parent.events,
    logs: parent.logs,
    now: () => parent.now(),
    confirm: () => {
      if (!conn.services.includes('ssl')) conn.services.push('ssl');
    },
    // The TLS side stops itself on a violation; the parent protocol stays attached.
    violation: () => undefined,
    weird: (name, addl) => parent.weird(name, addl),
    partial: () => parent.partial(),
  };
}

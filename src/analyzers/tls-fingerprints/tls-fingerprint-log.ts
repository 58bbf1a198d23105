/**
 * The TLS fingerprint columns of ssl.log, appended after Zeek's: `ja3` and `ja4` of the
 * client's first ClientHello and `ja3s` of the server's first ServerHello. A second
 * ClientHello (after a HelloRetryRequest, or a QUIC Retry) answers the server's demand rather
 * than showing what the client offers unprompted, so the first one is kept, as JA4's reference
 * tools do.
 *
 * A QUIC connection's handshake reaches the SSL analyzer from the QUIC analyzer's CRYPTO
 * frames, so it has an ssl.log row like any TLS connection, and the fingerprints go there. JA4
 * marks it with `q`. JA3 has no transport letter: it is computed from the same ClientHello
 * fields, as the JA3 Zeek package does from the `ssl_*` events Zeek raises for QUIC too (and
 * as Suricata does for QUIC clients), so a QUIC client's JA3 equals that of the same hello
 * over TCP.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import { extendStream, type FieldSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { tlsCarrierOf } from '../ssl/starttls.js';
import { collectHellos } from './hello-collector.js';
import type { HelloTransport } from './hello-fields.js';
import { ja3, ja3s } from './ja3.js';
import { ja4 } from './ja4.js';
import type { TlsFingerprintOptions } from './tls-fingerprint-options.js';

export const TLS_FINGERPRINT_FIELDS: Readonly<Record<keyof TlsFingerprints, FieldSpec>> = {
  ja3: {
    name: 'ja3', type: 'string', optional: true,
    doc: "JA3 of the client's ClientHello (MD5 hex); unset without a ClientHello.",
  },
  ja3s: {
    name: 'ja3s', type: 'string', optional: true,
    doc: "JA3S of the server's ServerHello (MD5 hex); unset without a ServerHello.",
  },
  ja4: {
    name: 'ja4', type: 'string', optional: true,
    doc: "JA4 of the client's ClientHello (e.g. t13d1516h2_8daaf6152771_e5627efa2ab1; the " +
      'first letter is t for TLS, q for QUIC, d for DTLS); unset without a ClientHello.',
  },
};

/** A connection's fingerprints, each set once its hello was seen (and the column is on). */
export interface TlsFingerprints {
  ja3?: string;
  ja3s?: string;
  ja4?: string;
}

const EXTRA_KEY = 'tls.fingerprints';
const SSL_PATH = 'ssl';

/** The fingerprints for the connection's ssl.log row (none when every column is off). */
export function tlsFingerprintsOf(c: Connection): TlsFingerprints | undefined {
  return c.extra.get(EXTRA_KEY) as TlsFingerprints | undefined;
}

/** Appends the enabled columns to ssl.log (declared before) and computes their values. */
export function registerTlsFingerprints(
  events: EventBus<CoreEvents>, logs: LogManager, options: TlsFingerprintOptions,
): void {
  const spec = logs.stream(SSL_PATH);
  const enabled = (['ja3', 'ja3s', 'ja4'] as const).filter((k) => options[k]);
  if (spec === undefined || enabled.length === 0) return;
  logs.createStream(extendStream(spec, enabled.map((k) => TLS_FINGERPRINT_FIELDS[k])));

  collectHellos(events, (c, isClient, hello) => {
    const fp = fingerprints(c);
    if (isClient) {
      if (options.ja3) fp.ja3 ??= ja3(hello);
      if (options.ja4) fp.ja4 ??= ja4(hello, helloTransportOf(c));
    } else if (options.ja3s) {
      fp.ja3s ??= ja3s(hello);
    }
  });
}

function fingerprints(c: Connection): TlsFingerprints {
  let fp = tlsFingerprintsOf(c);
  if (fp === undefined) c.extra.set(EXTRA_KEY, (fp = {}));
  return fp;
}

/**
 * What carried the connection's hellos: QUIC when the QUIC analyzer handed them over (it
 * marks the connection before the first one), else DTLS over UDP and TLS over TCP.
 */
export function helloTransportOf(c: Connection): HelloTransport {
  if (tlsCarrierOf(c) === 'quic') return 'quic';
  return c.proto === 'udp' ? 'dtls' : 'tls';
}

/**
 * x509.log: one row per certificate seen in TLS, with Zeek's columns. As in Zeek, a
 * certificate is logged once per (fingerprint, host_cert, client_cert) within a relog
 * interval, so a busy server's chain does not repeat on every connection.
 */
import { createHash, hash } from 'node:crypto';

import type { CertificateFile } from '../ssl/certificate-file.js';
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import {
  parseCertificate,
  type CertificateWeird,
  type X509Certificate,
} from './x509-certificate.js';

export const X509_LOG: LogStreamSpec = {
  path: 'x509',
  doc: 'One row per distinct certificate seen in TLS handshakes.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time the certificate was seen.' },
    { name: 'fingerprint', type: 'string', doc: 'SHA-256 of the DER certificate, hex.' },
    { name: 'certificate.version', type: 'count', doc: 'X.509 version (1 to 3).' },
    { name: 'certificate.serial', type: 'string', doc: 'Serial number, upper-case hex.' },
    {
      name: 'certificate.subject',
      type: 'string',
      doc: "Subject in OpenSSL's RFC 2253 one-line form.",
    },
    { name: 'certificate.issuer', type: 'string', doc: 'Issuer, in the same form.' },
    { name: 'certificate.not_valid_before', type: 'time', doc: 'Start of validity.' },
    { name: 'certificate.not_valid_after', type: 'time', doc: 'End of validity.' },
    {
      name: 'certificate.key_alg',
      type: 'string',
      doc: 'Public key algorithm (OpenSSL long name or OID).',
    },
    {
      name: 'certificate.sig_alg',
      type: 'string',
      doc: 'Signature algorithm (OpenSSL long name or OID).',
    },
    {
      name: 'certificate.key_type',
      type: 'string',
      optional: true,
      doc: "Key type: rsa, dsa, ecdsa, or OpenSSL's name.",
    },
    { name: 'certificate.key_length', type: 'count', optional: true, doc: 'Key length in bits.' },
    { name: 'certificate.exponent', type: 'string', optional: true, doc: 'RSA public exponent.' },
    { name: 'certificate.curve', type: 'string', optional: true, doc: 'Curve of an EC key.' },
    { name: 'san.dns', type: 'vector[string]', optional: true, doc: 'SAN DNS names.' },
    { name: 'san.uri', type: 'vector[string]', optional: true, doc: 'SAN URIs.' },
    { name: 'san.email', type: 'vector[string]', optional: true, doc: 'SAN e-mail addresses.' },
    { name: 'san.ip', type: 'vector[addr]', optional: true, doc: 'SAN IP addresses.' },
    {
      name: 'basic_constraints.ca',
      type: 'bool',
      optional: true,
      doc: 'Basic constraints: is a CA.',
    },
    {
      name: 'basic_constraints.path_len',
      type: 'count',
      optional: true,
      doc: 'Basic constraints: path length.',
    },
    { name: 'host_cert', type: 'bool', doc: "First certificate of its chain (the peer's own)." },
    { name: 'client_cert', type: 'bool', doc: 'Sent by the TLS client.' },
  ],
};

export interface X509LogOptions {
  /** Seconds before an already logged certificate is logged again; 0 logs every one. */
  readonly relogAfter: number;
  /** Certificates remembered for that; past it, new ones are logged every time. */
  readonly maxKnownCertificates: number;
}

export const DEFAULT_X509_LOG_OPTIONS: X509LogOptions = {
  relogAfter: 86400,
  maxKnownCertificates: 1000000,
};

/**
 * Parses every TLS certificate (raising `x509_certificate`) and writes x509.log. Runs before
 * ssl.log's chain handler so the chain sees the parsed certificate.
 */
export function registerX509Log(
  events: EventBus<CoreEvents>,
  logs: LogManager,
  options: X509LogOptions = DEFAULT_X509_LOG_OPTIONS,
): void {
  logs.createStream(X509_LOG);
  const known = new KnownCertificates(options);
  const parsed = new ParsedCertificates();
  events.on(
    'ssl_certificate_file',
    (f) => {
      const { cert, weirds } = parsed.parse(f.der);
      for (const [name, addl] of weirds) f.weird(name, addl);
      if (cert === undefined) {
        f.weird('x509_cert_parse_error');
        return;
      }
      f.x509 = cert;
      events.emit('x509_certificate', f, cert);
      if (known.firstSighting(f, cert)) logs.write(X509_LOG.path, x509Record(f, cert));
    },
    10,
  );
}

/** Most parsed certificates kept for reuse; past it the oldest is dropped. */
const MAX_PARSED_CERTIFICATES = 10000;

/**
 * Parsed certificates by their DER's SHA-256: a server sends the same chain on every
 * handshake, and decoding it again cost more than the rest of the TLS analysis. Decoding is
 * a function of the bytes alone, so a kept result (with its weirds) is what a new decode
 * would give. The values are shared between handshakes, as their read-only types promise.
 */
class ParsedCertificates {
  private readonly byDigest = new Map<string, ParsedCertificate>();

  parse(der: Uint8Array): ParsedCertificate {
    const digest = ONE_SHOT_HASH
      ? hash('sha256', der, 'hex')
      : createHash('sha256').update(der).digest('hex');
    const kept = this.byDigest.get(digest);
    if (kept !== undefined) return kept;
    const weirds: CertificateWeird[] = [];
    const result = { cert: parseCertificate(der, weirds), weirds };
    if (this.byDigest.size >= MAX_PARSED_CERTIFICATES) {
      this.byDigest.delete(this.byDigest.keys().next().value as string);
    }
    this.byDigest.set(digest, result);
    return result;
  }
}

interface ParsedCertificate {
  readonly cert: X509Certificate | undefined;
  readonly weirds: readonly CertificateWeird[];
}

/** Node's one-shot digest (20.12 and later); `createHash` before that. */
const ONE_SHOT_HASH = typeof hash === 'function';

/** Zeek's `known_log_certs`: what was logged, kept for the relog interval of network time. */
class KnownCertificates {
  private readonly seen = new Map<string, number>();

  constructor(private readonly options: X509LogOptions) {}

  firstSighting(f: CertificateFile, cert: X509Certificate): boolean {
    if (this.options.relogAfter === 0) return true;
    const key = `${cert.fingerprint}|${f.index === 0}|${f.isClient}`;
    const since = this.seen.get(key);
    if (since !== undefined && f.ts - since < this.options.relogAfter) return false;
    if (since !== undefined) this.seen.delete(key);
    if (this.seen.size < this.options.maxKnownCertificates) this.seen.set(key, f.ts);
    return true;
  }
}

function x509Record(f: CertificateFile, cert: X509Certificate) {
  return {
    ts: f.ts,
    fingerprint: cert.fingerprint,
    'certificate.version': cert.version,
    'certificate.serial': cert.serial,
    'certificate.subject': cert.subject,
    'certificate.issuer': cert.issuer,
    'certificate.not_valid_before': cert.notValidBefore,
    'certificate.not_valid_after': cert.notValidAfter,
    'certificate.key_alg': cert.keyAlg,
    'certificate.sig_alg': cert.sigAlg,
    'certificate.key_type': cert.keyType,
    'certificate.key_length': cert.keyLength,
    'certificate.exponent': cert.exponent,
    'certificate.curve': cert.curve,
    'san.dns': cert.san?.dns,
    'san.uri': cert.san?.uri,
    'san.email': cert.san?.email,
    'san.ip': cert.san?.ip,
    'basic_constraints.ca': cert.basicConstraints?.ca,
    'basic_constraints.path_len': cert.basicConstraints?.pathLen,
    host_cert: f.index === 0,
    client_cert: f.isClient,
  };
}

/**
 * A certificate carried in a TLS or DTLS Certificate message, handed from the SSL analyzer to
 * X.509 analysis and to ssl.log's chain: the counterpart of the file Zeek's file analysis
 * creates per certificate (MIME type `application/x-x509-user-cert` for the first of a chain,
 * `application/x-x509-ca-cert` for the others).
 */
import type { Connection } from '../../stages/connection.js';
import type { X509Certificate } from '../x509/x509-certificate.js';

export interface CertificateFile {
  readonly conn: Connection;
  /** Network time the certificate was seen (the file's `ts`). */
  readonly ts: number;
  /** Sent by the TLS client (after any role flip), i.e. a client certificate. */
  readonly isClient: boolean;
  /** Position in the chain; 0 is the peer's own certificate. */
  readonly index: number;
  /** The DER bytes: an owned copy. */
  readonly der: Uint8Array;
  /** Reports a weird about this certificate on its connection. */
  readonly weird: (name: string, addl?: string) => void;
  /** Set by X.509 analysis when the certificate parsed (Zeek's `f$info$x509`). */
  x509?: X509Certificate;
}

/**
 * Numeric values of the TLS and DTLS wire protocol (RFC 5246, 8446, 6347) that the analyzer
 * branches on. Display names live in tls-registry-names.ts.
 */

/** Record-layer and hello versions. */
export const Version = {
  SSLv2: 0x0002,
  SSLv3: 0x0300,
  TLSv10: 0x0301,
  TLSv11: 0x0302,
  TLSv12: 0x0303,
  TLSv13: 0x0304,
  DTLSv10: 0xfeff,
  DTLSv12: 0xfefd,
  DTLSv13: 0xfefc,
  /** No version negotiated yet. */
  UNKNOWN: 0xffff,
} as const;

/** Record content types (RFC 5246 6.2.1). */
export const ContentType = {
  CHANGE_CIPHER_SPEC: 20,
  ALERT: 21,
  HANDSHAKE: 22,
  APPLICATION_DATA: 23,
  HEARTBEAT: 24,
} as const;

/** Handshake message types (RFC 5246 7.4, RFC 8446 4, RFC 6347 4.2). */
export const HandshakeType = {
  HELLO_REQUEST: 0,
  CLIENT_HELLO: 1,
  SERVER_HELLO: 2,
  HELLO_VERIFY_REQUEST: 3,
  SESSION_TICKET: 4,
  CERTIFICATE: 11,
  SERVER_KEY_EXCHANGE: 12,
  CERTIFICATE_REQUEST: 13,
  SERVER_HELLO_DONE: 14,
  CERTIFICATE_VERIFY: 15,
  CLIENT_KEY_EXCHANGE: 16,
  FINISHED: 20,
  CERTIFICATE_URL: 21,
  CERTIFICATE_STATUS: 22,
} as const;

/** Extension types the analyzer decodes (IANA TLS ExtensionType registry). */
export const ExtensionType = {
  SERVER_NAME: 0,
  SUPPORTED_GROUPS: 10,
  EC_POINT_FORMATS: 11,
  SIGNATURE_ALGORITHMS: 13,
  APPLICATION_LAYER_PROTOCOL_NEGOTIATION: 16,
  SESSION_TICKET: 35,
  PRE_SHARED_KEY: 41,
  SUPPORTED_VERSIONS: 43,
  KEY_SHARE_OLD: 40,
  KEY_SHARE: 51,
} as const;

/** Versions a hello may carry; anything else is a protocol violation. */
export function helloVersionOk(version: number): boolean {
  if (version >> 8 === 0x7f) return true; // TLS 1.3 drafts
  switch (version) {
    case Version.SSLv2: case Version.SSLv3: case Version.TLSv10: case Version.TLSv11:
    case Version.TLSv12: case Version.TLSv13: case Version.DTLSv10: case Version.DTLSv12:
    case Version.DTLSv13:
      return true;
    default:
      return false;
  }
}

/** Versions a TLS record header may carry (TLS 1.3 keeps 0x0303 on the wire). */
export function recordVersionOk(version: number): boolean {
  return version === Version.SSLv3 || version === Version.TLSv10 ||
    version === Version.TLSv11 || version === Version.TLSv12;
}

/** Whether a negotiated version is TLS 1.3 or one of its drafts. */
export function isTls13(version: number): boolean {
  return version === Version.TLSv13 || version >> 8 === 0x7f;
}

/**
 * Initial packet keys (RFC 9001 5.2; RFC 9369 3.3 for v2). Initial packets are protected with
 * keys anyone can derive from the client's first Destination Connection ID, which is what lets
 * a passive monitor read the TLS ClientHello and ServerHello they carry.
 */
import { createHmac } from 'node:crypto';

import { initialSalt, QUIC_V2 } from './quic-versions.js';

/** AEAD_AES_128_GCM, the Initial packets' cipher: key, IV and header-protection key sizes. */
const SECRET_BYTES = 32;
const KEY_BYTES = 16;
const IV_BYTES = 12;
const HP_BYTES = 16;

/** The keys protecting one side's Initial packets. */
export interface InitialKeys {
  readonly key: Buffer;
  readonly iv: Buffer;
  /** Header protection key (RFC 9001 5.4). */
  readonly hp: Buffer;
}

/** Derives the client's (`fromClient`) or the server's Initial keys for `version`. */
export function initialKeys(version: number, dcid: Uint8Array, fromClient: boolean): InitialKeys {
  const initialSecret = hmac(Buffer.from(initialSalt(version), 'hex'), dcid);
  const secret = expandLabel(initialSecret, fromClient ? 'client in' : 'server in', SECRET_BYTES);
  const prefix = version === QUIC_V2 ? 'quicv2 ' : 'quic ';
  return {
    key: expandLabel(secret, `${prefix}key`, KEY_BYTES),
    iv: expandLabel(secret, `${prefix}iv`, IV_BYTES),
    hp: expandLabel(secret, `${prefix}hp`, HP_BYTES),
  };
}

/**
 * HKDF-Expand-Label of TLS 1.3 (RFC 8446 7.1) with an empty context. Every output here fits in
 * one SHA-256 block, so HKDF-Expand (RFC 5869 2.3) is a single HMAC over info and counter 1.
 */
export function expandLabel(secret: Buffer, label: string, length: number): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, fullLabel.length]),
    fullLabel,
    Buffer.from([0, 1]),
  ]);
  return hmac(secret, info).subarray(0, length);
}

/** HMAC-SHA256; with the salt as key it is HKDF-Extract (RFC 5869 2.2). */
function hmac(key: Buffer, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

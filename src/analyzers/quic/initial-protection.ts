/**
 * Removes the protection of one Initial packet: first the header protection (RFC 9001 5.4),
 * which hides the packet number and its length, then the AEAD (5.3) over the payload. Failures
 * are returned as reasons, never thrown: a packet that does not decrypt is a protocol
 * violation, not a crash.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

import type { InitialKeys } from './initial-keys.js';

/** The packet number field is sampled as if 4 bytes long (RFC 9001 5.4.2). */
const MAX_PACKET_NUMBER_BYTES = 4;
const SAMPLE_BYTES = 16;
const TAG_BYTES = 16;
/** Long headers protect the low 4 bits of the first byte (RFC 9001 5.4.1). */
const LONG_HEADER_PROTECTED_BITS = 0x0f;

export interface ProtectedPacket {
  /** The whole packet, from its first byte to the end of its payload. */
  readonly packet: Uint8Array;
  /** Offset of the packet number field in `packet`. */
  readonly pnOffset: number;
  /** The Length field: packet number plus protected payload plus tag. */
  readonly payloadLength: number;
}

export type Decryption =
  | { readonly ok: true; readonly plaintext: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/**
 * Decrypts an Initial packet's payload. `maxPayloadBytes` bounds the work for one packet; the
 * packet number is used as sent (Initial numbers are small, so no reconstruction is needed).
 */
export function decryptInitial(
  p: ProtectedPacket, keys: InitialKeys, maxPayloadBytes: number,
): Decryption {
  if (p.payloadLength < MAX_PACKET_NUMBER_BYTES + SAMPLE_BYTES) {
    return fail(`payload too small ${p.payloadLength} < 20`);
  }
  if (p.packet.length < p.pnOffset + p.payloadLength) {
    return fail(`packet too small ${p.packet.length} ${p.pnOffset + p.payloadLength}`);
  }
  const header = unprotectHeader(p, keys.hp);
  const pnLength = header.length - p.pnOffset;
  if (p.payloadLength > maxPayloadBytes) {
    return fail(`payload_length too large ${p.payloadLength}`);
  }

  const ciphertextBytes = p.payloadLength - pnLength - TAG_BYTES;
  const ciphertext = p.packet.subarray(header.length, header.length + ciphertextBytes);
  const tag = p.packet.subarray(header.length + ciphertextBytes, header.length + ciphertextBytes +
    TAG_BYTES);
  const plaintext = open(keys, nonce(keys.iv, header, p.pnOffset), header, ciphertext, tag);
  return plaintext === undefined ? fail('decryption failed') : { ok: true, plaintext };
}

/**
 * The header with its first byte and packet number unmasked. The mask comes from encrypting
 * the 16 bytes after the (assumed 4-byte) packet number with the header-protection key.
 */
function unprotectHeader(p: ProtectedPacket, hp: Buffer): Buffer {
  const sampleAt = p.pnOffset + MAX_PACKET_NUMBER_BYTES;
  const cipher = createCipheriv('aes-128-ecb', hp, null).setAutoPadding(false);
  const mask = cipher.update(p.packet.subarray(sampleAt, sampleAt + SAMPLE_BYTES));

  const first = p.packet[0] ^ (mask[0] & LONG_HEADER_PROTECTED_BITS);
  const pnLength = (first & 0x03) + 1;
  const header = Buffer.from(p.packet.subarray(0, p.pnOffset + pnLength));
  header[0] = first;
  for (let i = 0; i < pnLength; i++) header[p.pnOffset + i] ^= mask[1 + i];
  return header;
}

/** The AEAD nonce: the IV with the packet number XORed into its last bytes (RFC 9001 5.3). */
function nonce(iv: Buffer, header: Buffer, pnOffset: number): Buffer {
  const n = Buffer.from(iv);
  const pnLength = header.length - pnOffset;
  for (let i = 0; i < pnLength; i++) n[n.length - pnLength + i] ^= header[pnOffset + i];
  return n;
}

function open(
  keys: InitialKeys, iv: Buffer, aad: Buffer, ciphertext: Uint8Array, tag: Uint8Array,
): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-128-gcm', keys.key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // The tag did not verify: wrong keys (not this connection's first DCID) or altered bytes.
    return undefined;
  }
}

function fail(reason: string): Decryption {
  return { ok: false, reason };
}

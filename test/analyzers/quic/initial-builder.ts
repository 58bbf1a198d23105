/**
 * Builds protected long-header packets for tests: Initial packets encrypted with the keys of a
 * chosen Destination Connection ID (RFC 9001 5), and the unprotected Retry and Handshake shapes,
 * so tests can send any sequence of frames the analyzer should handle.
 */
import { createCipheriv } from 'node:crypto';

import { initialKeys } from '../../../src/analyzers/quic/initial-keys.js';
import { QUIC_V1 } from '../../../src/analyzers/quic/quic-versions.js';

export interface InitialSpec {
  readonly dcid: Uint8Array;
  readonly scid: Uint8Array;
  readonly frames: Uint8Array;
  readonly fromClient: boolean;
  /** The id the keys derive from (the client's first DCID); defaults to `dcid`. */
  readonly keyDcid?: Uint8Array;
  readonly version?: number;
  readonly packetNumber?: number;
}

const PN_BYTES = 2;
const TAG_BYTES = 16;

/** A protected Initial packet holding `frames`, packet number 2 bytes long. */
export function protectInitial(s: InitialSpec): Uint8Array {
  const version = s.version ?? QUIC_V1;
  const keys = initialKeys(version, s.keyDcid ?? s.dcid, s.fromClient);
  const pn = s.packetNumber ?? 0;
  const typeBits = version === QUIC_V1 ? 0 : 1;
  const length = PN_BYTES + s.frames.length + TAG_BYTES;
  const header = Buffer.concat([
    Buffer.from([0xc0 | (typeBits << 4) | (PN_BYTES - 1)]), u32(version),
    Buffer.from([s.dcid.length]), s.dcid, Buffer.from([s.scid.length]), s.scid,
    Buffer.from([0]), // no token
    Buffer.from([0x40 | (length >> 8), length & 0xff]),
    Buffer.from([pn >> 8, pn & 0xff]),
  ]);

  const nonce = Buffer.from(keys.iv);
  nonce[10] ^= pn >> 8;
  nonce[11] ^= pn & 0xff;
  const aead = createCipheriv('aes-128-gcm', keys.key, nonce).setAAD(header);
  const payload = Buffer.concat([aead.update(s.frames), aead.final(), aead.getAuthTag()]);

  const pnOffset = header.length - PN_BYTES;
  const sample = payload.subarray(4 - PN_BYTES, 4 - PN_BYTES + 16);
  const mask = createCipheriv('aes-128-ecb', keys.hp, null).update(sample);
  header[0] ^= mask[0] & 0x0f;
  for (let i = 0; i < PN_BYTES; i++) header[pnOffset + i] ^= mask[1 + i];
  return Uint8Array.from(Buffer.concat([header, payload]));
}

/** A Retry packet (v1) with a token and a 16-byte tag of zeros (the tag is not checked). */
export function retryPacket(dcid: Uint8Array, scid: Uint8Array, token: Uint8Array): Uint8Array {
  return Uint8Array.from(Buffer.concat([
    Buffer.from([0xf0]), u32(QUIC_V1), Buffer.from([dcid.length]), dcid,
    Buffer.from([scid.length]), scid, token, Buffer.alloc(16),
  ]));
}

/** A Handshake packet (v1) whose payload is `payloadBytes` opaque bytes. */
export function handshakePacket(dcid: Uint8Array, scid: Uint8Array, payloadBytes: number) {
  return Uint8Array.from(Buffer.concat([
    Buffer.from([0xe0]), u32(QUIC_V1), Buffer.from([dcid.length]), dcid,
    Buffer.from([scid.length]), scid,
    Buffer.from([0x40 | (payloadBytes >> 8), payloadBytes & 0xff]),
    Buffer.alloc(payloadBytes, 0xaa),
  ]));
}

/** A CRYPTO frame carrying `data` at `offset` (2-byte varints). */
export function cryptoFrame(offset: number, data: Uint8Array): Uint8Array {
  return Uint8Array.from(Buffer.concat([
    Buffer.from([0x06, 0x40 | (offset >> 8), offset & 0xff, 0x40 | (data.length >> 8),
      data.length & 0xff]),
    data,
  ]));
}

/** A transport CONNECTION_CLOSE frame (error code, frame type 0, reason phrase). */
export function connectionCloseFrame(code: number, reason: string): Uint8Array {
  const text = Buffer.from(reason, 'latin1');
  return Uint8Array.from(Buffer.concat([Buffer.from([0x1c, code, 0x00, text.length]), text]));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
}

/**
 * Initial packet keys and protection against the public vectors of RFC 9001 Appendix A (and
 * RFC 9369 Appendix A for v2).
 */
import t from 'tap';

import { initialKeys } from '../../../src/analyzers/quic/initial-keys.js';
import { decryptInitial } from '../../../src/analyzers/quic/initial-protection.js';
import { readLongHeader } from '../../../src/analyzers/quic/long-header.js';
import { QuicReader } from '../../../src/analyzers/quic/quic-reader.js';
import { QUIC_V1, QUIC_V2 } from '../../../src/analyzers/quic/quic-versions.js';
import {
  bytes, RFC_CLIENT_CRYPTO_FRAME, RFC_CLIENT_INITIAL, RFC_CLIENT_KEYS, RFC_CLIENT_PADDING_BYTES,
  RFC_DCID, RFC_SERVER_INITIAL, RFC_SERVER_KEYS, RFC_SERVER_PLAINTEXT,
} from './rfc9001-vectors.js';

function hexKeys(version: number, fromClient: boolean) {
  const k = initialKeys(version, bytes(RFC_DCID), fromClient);
  return { key: k.key.toString('hex'), iv: k.iv.toString('hex'), hp: k.hp.toString('hex') };
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function decrypt(packetHex: string, fromClient: boolean, maxPayloadBytes = 10000) {
  const packet = bytes(packetHex);
  const h = readLongHeader(new QuicReader(packet));
  const keys = initialKeys(h.version, bytes(RFC_DCID), fromClient);
  return decryptInitial({ packet, pnOffset: h.pnOffset, payloadLength: h.payloadLength }, keys,
    maxPayloadBytes);
}

t.test('quic: Initial keys of both sides derive from the client DCID as in RFC 9001 A.1', (t) => {
  t.same(hexKeys(QUIC_V1, true), RFC_CLIENT_KEYS);
  t.same(hexKeys(QUIC_V1, false), RFC_SERVER_KEYS);
  t.end();
});

t.test('quic: v2 Initial keys use the v2 salt and labels (RFC 9369 A.1)', (t) => {
  t.same(hexKeys(QUIC_V2, true), {
    key: '8b1a0bc121284290a29e0971b5cd045d',
    iv: '91f73e2351d8fa91660e909f',
    hp: '45b95e15235d6f45a6b19cbcb0294ba9',
  });
  t.same(hexKeys(QUIC_V2, false), {
    key: '82db637861d55e1d011f19ea71d5d2a7',
    iv: 'dd13c276499c0249d3310652',
    hp: 'edf6d05c83121201b436e16877593c3a',
  });
  t.end();
});

t.test('quic: the RFC 9001 client Initial decrypts to its CRYPTO frame and padding', (t) => {
  const r = decrypt(RFC_CLIENT_INITIAL, true);
  if (!r.ok) return t.fail(r.reason);
  const frame = bytes(RFC_CLIENT_CRYPTO_FRAME);
  t.equal(r.plaintext.length, frame.length + RFC_CLIENT_PADDING_BYTES);
  t.equal(hex(r.plaintext.subarray(0, frame.length)), RFC_CLIENT_CRYPTO_FRAME);
  t.ok(r.plaintext.subarray(frame.length).every((b) => b === 0), 'then PADDING');
  t.end();
});

t.test('quic: the RFC 9001 server Initial decrypts to its ACK and ServerHello', (t) => {
  const r = decrypt(RFC_SERVER_INITIAL, false);
  if (!r.ok) return t.fail(r.reason);
  t.equal(hex(r.plaintext), RFC_SERVER_PLAINTEXT);
  t.end();
});

t.test('quic: wrong keys, a flipped bit or an over-long payload do not decrypt', (t) => {
  t.same(decrypt(RFC_CLIENT_INITIAL, false), { ok: false, reason: 'decryption failed' });
  const garbled = bytes(RFC_CLIENT_INITIAL);
  garbled[600] ^= 0x01;
  t.same(decrypt(hex(garbled), true),
    { ok: false, reason: 'decryption failed' });
  t.same(decrypt(RFC_CLIENT_INITIAL, true, 1000),
    { ok: false, reason: 'payload_length too large 1182' });
  t.end();
});

/**
 * The QUIC analyzer over the RFC 9001 Initial packets and crafted ones: decryption, the hand-off
 * of the hellos to SSL, Retry, CRYPTO reassembly, and malformed input (which becomes a
 * violation, never an exception).
 */
import fc from 'fast-check';
import t from 'tap';

import {
  concat, connectionCloseFrame, cryptoFrame, handshakePacket, protectInitial, retryPacket,
} from './initial-builder.js';
import { quicHarness, text } from './quic-harness.js';
import {
  bytes, RFC_CLIENT_CRYPTO_FRAME, RFC_CLIENT_INITIAL, RFC_DCID, RFC_SERVER_INITIAL,
} from './rfc9001-vectors.js';

/** The RFC's ClientHello message (its CRYPTO frame without the 4-byte frame header). */
const CLIENT_HELLO = bytes(RFC_CLIENT_CRYPTO_FRAME).subarray(4);
const DCID_A = bytes('0102030405060708');
const DCID_B = bytes('a1a2a3a4');
const EMPTY = new Uint8Array(0);

function clientInitial(dcid: Uint8Array, frames: Uint8Array, keyDcid = dcid): Uint8Array {
  return protectInitial({ dcid, scid: EMPTY, frames, fromClient: true, keyDcid });
}

t.test('quic: the RFC Initials confirm QUIC and hand ClientHello and ServerHello to SSL', (t) => {
  const h = quicHarness();
  const initials = h.collect('QUIC::initial_packet');
  const names = h.collect('ssl_extension_server_name');
  h.send(true, bytes(RFC_CLIENT_INITIAL));
  h.send(false, bytes(RFC_SERVER_INITIAL));
  h.close();

  t.equal(initials.length, 2);
  t.equal(h.confirmed, 2, 'each decrypted Initial confirms');
  t.same(h.weirds, []);
  t.same(names.map((n) => text(n[2][0])), ['example.com']);
  t.same(h.conn.services, ['ssl'], 'the SSL side adds its service');
  const [quic] = h.rows('quic');
  t.match(quic, { version: '1', client_initial_dcid: RFC_DCID, client_scid: '',
    server_scid: 'f067a5502a4262b5', history: 'ISis' });
  t.equal(text(quic.server_name), 'example.com');
  t.equal(text(quic.client_protocol), 'alpn');
  t.match(h.rows('ssl')[0], { version: 'TLSv13', cipher: 'TLS_AES_128_GCM_SHA256',
    ssl_history: 'Cs' });
  t.end();
});

t.test('quic: a server Initial before any client Initial is logged, not decrypted', (t) => {
  const h = quicHarness();
  h.send(false, bytes(RFC_SERVER_INITIAL));
  h.close();
  t.equal(h.confirmed, 0);
  t.same(h.weirds, []);
  t.match(h.rows('quic'), [{ history: 'i', server_scid: 'f067a5502a4262b5' }]);
  t.end();
});

t.test('quic: a garbled Initial raises its packet event, then a violation', (t) => {
  const h = quicHarness();
  const initials = h.collect('QUIC::initial_packet');
  const garbled = bytes(RFC_CLIENT_INITIAL);
  garbled[700] ^= 0x80;
  h.send(true, garbled);
  t.equal(initials.length, 1);
  t.equal(h.confirmed, 0);
  t.same(h.weirds, [{ name: 'violation', addl: 'decryption failed' }]);
  t.end();
});

t.test('quic: a truncated Initial is a violation without a packet event', (t) => {
  const h = quicHarness();
  const initials = h.collect('QUIC::initial_packet');
  h.send(true, bytes(RFC_CLIENT_INITIAL).subarray(0, 600));
  h.send(true, bytes(RFC_CLIENT_INITIAL).subarray(0, 3));
  t.equal(initials.length, 0);
  t.equal(h.weirds.length, 2);
  t.ok(h.weirds.every((w) => w.name === 'violation'));
  t.end();
});

t.test('quic: an Initial whose Length leaves no room for a sample is a violation', (t) => {
  // c0 | version 1 | dcid 01 | scid 00 | token 00 | length 19 | 19 bytes
  const h = quicHarness();
  h.send(true, concat(bytes('c0000000010101000013'), new Uint8Array(19)));
  t.same(h.weirds, [{ name: 'violation', addl: 'Initial packet length 19 < 20' }]);
  t.end();
});

t.test('quic: an unknown version writes a row with U, then is a violation', (t) => {
  // c0 | version 0x0a0a0a0a | dcid 01 | scid 00 | opaque
  const h = quicHarness();
  const unhandled = h.collect('QUIC::unhandled_version');
  h.send(true, bytes('c00a0a0a0a0101000102030405'));
  t.equal(unhandled.length, 1);
  t.same(h.weirds, [{ name: 'violation', addl: 'unhandled QUIC version 0xa0a0a0a' }]);
  t.match(h.rows('quic'), [{ version: 'unknown-a0a0a0a', history: 'U' }]);
  t.end();
});

t.test('quic: a Retry writes a row; the next Initial decrypts with the new DCID', (t) => {
  const h = quicHarness();
  const hellos = h.collect('ssl_client_hello');
  h.send(true, clientInitial(DCID_A, cryptoFrame(0, CLIENT_HELLO)));
  h.send(false, retryPacket(EMPTY, DCID_B, bytes('746f6b656e')));
  h.send(true, clientInitial(DCID_B, cryptoFrame(0, CLIENT_HELLO)));
  h.close();

  t.equal(hellos.length, 2, 'a new SSL analyzer reads the second ClientHello');
  t.same(h.weirds, []);
  t.match(h.rows('quic'), [
    { client_initial_dcid: '0102030405060708', server_scid: undefined, history: 'ISr' },
    { client_initial_dcid: 'a1a2a3a4', history: 'IS' },
  ]);
  t.match(h.rows('ssl'), [{ ssl_history: 'CC' }], 'one ssl.log row for the connection');
  t.end();
});

t.test('quic: CRYPTO frames out of order are put back together by offset', (t) => {
  const h = quicHarness();
  const hellos = h.collect('ssl_client_hello');
  const frames = concat(cryptoFrame(100, CLIENT_HELLO.subarray(100)),
    cryptoFrame(40, CLIENT_HELLO.subarray(40, 120)), cryptoFrame(0, CLIENT_HELLO.subarray(0, 50)));
  h.send(true, clientInitial(DCID_A, frames));
  t.equal(hellos.length, 1);
  t.same(h.weirds, []);
  t.end();
});

t.test('quic: CRYPTO bytes beyond the first handshake message are a violation', (t) => {
  const h = quicHarness();
  const hellos = h.collect('ssl_client_hello');
  h.send(true, clientInitial(DCID_A, cryptoFrame(0, concat(CLIENT_HELLO, bytes('0100')))));
  t.equal(hellos.length, 1, 'the message itself still went to SSL');
  t.same(h.weirds, [{ name: 'violation', addl: 'too much crypto data received 243 > 241' }]);
  t.end();
});

t.test('quic: out-of-order CRYPTO bytes past max_crypto_buffer_bytes are dropped', (t) => {
  const h = quicHarness({ maxCryptoBufferBytes: 64 });
  h.send(true, clientInitial(DCID_A, cryptoFrame(100, CLIENT_HELLO.subarray(100))));
  t.same(h.weirds, [{ name: 'QUIC_crypto_buffer_limit_reached', addl: 'offset=100 limit=64' }]);
  t.ok(h.conn.analysisPartial, 'the connection is marked partial (history X)');
  t.end();
});

t.test('quic: an Initial longer than max_decrypt_payload_bytes is not decrypted', (t) => {
  const h = quicHarness({ maxDecryptPayloadBytes: 1000 });
  h.send(true, bytes(RFC_CLIENT_INITIAL));
  t.equal(h.confirmed, 0);
  t.same(h.weirds, [{ name: 'violation', addl: 'payload_length too large 1182' }]);
  t.end();
});

t.test('quic: a CONNECTION_CLOSE in an Initial writes the row with C', (t) => {
  const h = quicHarness();
  const closes = h.collect('QUIC::connection_close_frame');
  h.send(true, clientInitial(DCID_A, connectionCloseFrame(0x0a, 'bye')));
  t.equal(closes.length, 1);
  t.equal(closes[0][5], 0x0a);
  t.equal(text(closes[0][6]), 'bye');
  t.match(h.rows('quic'), [{ history: 'IC' }]);
  t.end();
});

t.test('quic: coalesced Handshake packets and short headers add their letters', (t) => {
  const h = quicHarness();
  h.send(true, clientInitial(DCID_A, cryptoFrame(0, CLIENT_HELLO)));
  h.send(false, concat(handshakePacket(EMPTY, DCID_B, 30), handshakePacket(EMPTY, DCID_B, 5),
    bytes('40aabbcc')));
  for (let i = 0; i < 8; i++) h.send(true, bytes('4001020304'));
  h.close();
  t.same(h.weirds, []);
  t.match(h.rows('quic'), [{ history: 'IShhoOOOO' }]);
  t.end();
});

t.test('quic: packets without the fixed bit after decryption add X, up to the limit', (t) => {
  const cases = [
    { options: {}, history: 'ISXx' },
    // The packet before decryption counts towards the limit too, as in Zeek.
    { options: { maxDiscardedPacketEvents: 2 }, history: 'ISX' },
    { options: { discardedPacketEvents: false }, history: 'IS' },
  ];
  for (const c of cases) {
    const h = quicHarness(c.options);
    h.send(true, bytes('00ff'));
    h.send(true, clientInitial(DCID_A, cryptoFrame(0, CLIENT_HELLO)));
    h.send(true, bytes('00ff'));
    h.send(false, bytes('3f'));
    h.close();
    t.match(h.rows('quic'), [{ history: c.history }], JSON.stringify(c.options));
  }
  t.end();
});

t.test('quic: the history stops at max_history_length with a weird', (t) => {
  const h = quicHarness({}, { maxHistoryLength: 3 });
  h.send(true, clientInitial(DCID_A, cryptoFrame(0, CLIENT_HELLO)));
  for (let i = 0; i < 4; i++) h.send(true, bytes('4001020304'));
  h.close();
  t.same(h.weirds, [{ name: 'QUIC_max_history_length_reached', addl: undefined }]);
  t.match(h.rows('quic'), [{ history: 'ISO' }]);
  t.end();
});

t.test('quic: short headers of a connection without Initials are a weird', (t) => {
  const h = quicHarness();
  h.send(false, bytes('40010203'));
  t.same(h.weirds, [{ name: 'QUIC_spurious_short_header_packet_threshold_crossed',
    addl: '1' }]);
  t.end();
});

t.test('quic: arbitrary and mutated datagrams never throw', (t) => {
  const valid = bytes(RFC_CLIENT_INITIAL);
  fc.assert(fc.property(
    fc.array(fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
        const m = valid.slice();
        m[i] ^= x;
        return m;
      }),
      fc.nat(valid.length).map((n) => valid.subarray(0, n)),
    ), { maxLength: 6 }),
    fc.boolean(),
    (datagrams, isOrig) => {
      const h = quicHarness();
      for (const d of datagrams) h.send(isOrig, d);
      h.close();
    },
  ), { numRuns: 300 });
  t.pass('no exception escaped');
  t.end();
});

/**
 * CRYPTO stream reassembly and the first-message hand-off: bytes come out in order and once,
 * the first copy of overlapping bytes wins, and the held bytes stay within their bound.
 */
import t from 'tap';

import { CryptoStream } from '../../../src/analyzers/quic/crypto-stream.js';
import { FirstHandshakeMessage } from '../../../src/analyzers/quic/first-handshake-message.js';

function stream(maxHeld = 1000) {
  const out: number[] = [];
  const s = new CryptoStream((d) => out.push(...d), maxHeld);
  return { s, out };
}

t.test('quic: CRYPTO bytes are handed on in offset order, each once', (t) => {
  const { s, out } = stream();
  s.write(4, Uint8Array.of(4, 5, 6));
  s.write(2, Uint8Array.of(2, 3));
  t.same(out, [], 'nothing before offset 0 arrived');
  s.write(0, Uint8Array.of(0, 1, 2));
  s.write(1, Uint8Array.of(1, 2, 3, 4, 5, 6, 7));
  t.same(out, [0, 1, 2, 3, 4, 5, 6, 7]);
  t.equal(s.delivered, 8);
  t.end();
});

t.test('quic: where held CRYPTO bytes overlap, the first copy wins', (t) => {
  const { s, out } = stream();
  s.write(2, Uint8Array.of(0xa2, 0xa3));
  s.write(1, Uint8Array.of(0xb1, 0xb2, 0xb3, 0xb4));
  s.write(0, Uint8Array.of(0xc0));
  t.same(out, [0xc0, 0xb1, 0xa2, 0xa3, 0xb4]);
  t.end();
});

t.test('quic: out-of-order CRYPTO bytes beyond the bound are dropped', (t) => {
  const { s, out } = stream(4);
  t.equal(s.write(10, Uint8Array.of(1, 2, 3)), 'ok');
  t.equal(s.write(20, Uint8Array.of(1, 2)), 'over_limit');
  t.equal(s.write(0, new Uint8Array(10)), 'ok');
  t.equal(out.length, 13, 'the held bytes followed once the gap filled');
  t.end();
});

t.test('quic: the first handshake message goes out as one TLS record, then stops', (t) => {
  const out: number[] = [];
  const m = new FirstHandshakeMessage((d) => out.push(...d));
  // ClientHello (1), length 3, body aa bb cc, pushed in pieces
  m.push(Uint8Array.of(0x01, 0x00));
  m.push(Uint8Array.of(0x00, 0x03, 0xaa));
  t.notOk(m.finished);
  m.push(Uint8Array.of(0xbb, 0xcc, 0xdd));
  t.ok(m.finished);
  t.equal(m.length, 7);
  t.same(out, [0x16, 0x03, 0x03, 0x00, 0x07, 0x01, 0x00, 0x00, 0x03, 0xaa, 0xbb, 0xcc]);
  t.throws(() => m.push(Uint8Array.of(0)), { message: /more CRYPTO data/ });
  t.end();
});

t.test('quic: a first message over 2^14 + 256 bytes is not passed on', (t) => {
  const out: number[] = [];
  const m = new FirstHandshakeMessage((d) => out.push(...d));
  m.push(Uint8Array.of(0x01, 0x00, 0x41, 0x01, 0xaa));
  m.push(Uint8Array.of(0xbb));
  t.same(out, []);
  t.notOk(m.finished);
  t.end();
});

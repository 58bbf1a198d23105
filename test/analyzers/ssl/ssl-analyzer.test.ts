import t from 'tap';

import { SslAnalyzer } from '../../../src/analyzers/ssl/ssl-analyzer.js';
import { hex, testContext, type TestContext } from './tls-test-context.js';
import { CCS_AND_FINISHED, CLIENT_HELLO_RECORD, SERVER_HELLO_RECORD } from './tls-messages.js';

/** Records every ssl event name (with the TLS role where it has one) in order. */
function trace(tc: TestContext): string[] {
  const seen: string[] = [];
  tc.events.on('ssl_client_hello', (_c, version) => seen.push(`client_hello ${version}`));
  tc.events.on('ssl_server_hello', (_c, version, _rv, _ts, _r, _s, cipher) =>
    seen.push(`server_hello ${version} ${cipher}`));
  tc.events.on('ssl_extension_server_name', (_c, isClient, names) =>
    seen.push(`sni ${isClient} ${names.map((n) => Buffer.from(n).toString()).join()}`));
  tc.events.on('ssl_extension_application_layer_protocol_negotiation', (_c, isClient, p) =>
    seen.push(`alpn ${isClient} ${p.map((n) => Buffer.from(n).toString()).join()}`));
  tc.events.on('ssl_handshake_message', (_c, isClient, type) => seen.push(`msg ${isClient} ${type}`));
  tc.events.on('ssl_change_cipher_spec', (_c, isClient) => seen.push(`ccs ${isClient}`));
  tc.events.on('ssl_established', () => seen.push('established'));
  return seen;
}

function handshake(deliver: (isOrig: boolean, data: Uint8Array) => void): void {
  deliver(true, CLIENT_HELLO_RECORD);
  deliver(false, SERVER_HELLO_RECORD);
  deliver(true, CCS_AND_FINISHED);
  deliver(false, CCS_AND_FINISHED);
}

const EXPECTED = [
  'sni true example.com', 'alpn true h2', 'client_hello 771', 'msg true 1',
  'alpn false h2', 'server_hello 771 49199', 'msg false 2', 'msg false 14',
  'ccs true', 'ccs false', 'established',
];

t.test('ssl: a TLS 1.2 handshake raises hello, extension and established events in order', async (t) => {
  const tc = testContext();
  const seen = trace(tc);
  const a = new SslAnalyzer(tc.ctx);
  handshake((isOrig, data) => a.deliverStream(isOrig, data));
  t.same(seen, EXPECTED);
  t.equal(tc.confirmed, 1, 'the client hello confirms the protocol');
  t.same(tc.violations, []);
});

t.test('ssl: records split into 1-byte segments give the same events', async (t) => {
  const tc = testContext();
  const seen = trace(tc);
  const a = new SslAnalyzer(tc.ctx);
  handshake((isOrig, data) => {
    for (let i = 0; i < data.length; i++) a.deliverStream(isOrig, data.subarray(i, i + 1));
  });
  t.same(seen, EXPECTED);
});

t.test('ssl: a handshake message spanning two records is reassembled', async (t) => {
  const tc = testContext();
  const seen = trace(tc);
  const a = new SslAnalyzer(tc.ctx);
  const body = CLIENT_HELLO_RECORD.subarray(5);
  const first = body.subarray(0, 20);
  const second = body.subarray(20);
  a.deliverStream(true, hex('16 0301', first.length.toString(16).padStart(4, '0')));
  a.deliverStream(true, first);
  a.deliverStream(true, hex('16 0301', second.length.toString(16).padStart(4, '0')));
  a.deliverStream(true, second);
  t.same(seen, EXPECTED.slice(0, 4));
});

t.test('ssl: a truncated client hello is a violation, never a throw', async (t) => {
  const tc = testContext();
  const a = new SslAnalyzer(tc.ctx);
  // Handshake record of 8 bytes: client_hello claiming 4 bytes of body: version + 2 bytes.
  t.doesNotThrow(() => a.deliverStream(true, hex('16 0301 0008', '01 000004', '0303 0000')));
  t.equal(tc.violations.length, 1);
  t.match(tc.violations[0], /truncated/);
});

t.test('ssl: a record with an impossible version is a violation and stops parsing', async (t) => {
  const tc = testContext();
  const seen = trace(tc);
  const a = new SslAnalyzer(tc.ctx);
  a.deliverStream(true, hex('16 0909 0001 00'));
  a.deliverStream(true, CLIENT_HELLO_RECORD);
  t.match(tc.violations[0], /Invalid version in TLS connection/);
  t.same(seen, [], 'nothing is parsed after the violation');
});

t.test('ssl: an unknown handshake message type is a violation', async (t) => {
  const tc = testContext();
  const a = new SslAnalyzer(tc.ctx);
  a.deliverStream(true, hex('16 0303 0004', '63 000000'));
  t.match(tc.violations[0], /unknown handshake message \(99\) from originator/);
});

t.test('ssl: random bytes never throw', async (t) => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
  for (let round = 0; round < 200; round++) {
    const tc = testContext();
    const a = new SslAnalyzer(tc.ctx);
    const data = CLIENT_HELLO_RECORD.slice();
    for (let k = 0; k < 4; k++) data[5 + (rand() % (data.length - 5))] = rand();
    t.doesNotThrow(() => {
      a.deliverStream(true, data);
      a.deliverStream(false, SERVER_HELLO_RECORD);
    });
  }
});

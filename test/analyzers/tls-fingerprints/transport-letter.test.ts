/**
 * JA4's first letter in ssl.log follows what carried the hello: a QUIC connection's handshake
 * (handed over by the QUIC analyzer) is `q`, DTLS on another UDP connection stays `d`. Both
 * runs use the default configuration, as a user would.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t, { type Test } from 'tap';

import { runWirelog } from '../../cli/run-wirelog.js';
import { sharedDir } from '../../shared-path.js';
import { logRows } from './log-rows.js';
import { tsv } from './vector-files.js';

async function logsOf(t: Test, trace: string, extra: string[] = []) {
  const out = mkdtempSync(path.join(tmpdir(), 'wirelog-fp-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const result = await runWirelog([...extra, '-r', trace, '-d', out]);
  t.equal(result.code, 0, result.stderr);
  const read = (log: string) => logRows(readFileSync(path.join(out, `${log}.log`), 'utf8'));
  return { ssl: read('ssl'), conn: read('conn') };
}

t.test('tls fingerprints: a QUIC ClientHello gives ssl.log a `q` JA4 and a JA3', async (t) => {
  const vectors = path.join(sharedDir, 'vectors', 'ja4');
  const capture = 'quic-tls-handshake.pcapng';
  const [expected] = tsv(path.join(vectors, 'expected', `${capture}.ja4.tsv`));
  // The capture was taken on a host that offloads checksums.
  const { ssl, conn } = await logsOf(t, path.join(vectors, capture), ['-C']);
  t.equal(ssl.length, 1);
  t.match(ssl[0], { 'id.orig_p': expected.src_port, server_name: 'www.google.com' });
  t.equal(ssl[0].ja4, expected.ja4);
  t.match(ssl[0].ja3, /^[0-9a-f]{32}$/, 'JA3 of the same hello');
  t.equal(ssl[0].ja3s, '-', 'the ServerHello is not in the capture');
  t.equal(conn[0].service, 'quic,ssl');
});

t.test('tls fingerprints: DTLS over UDP keeps `d`', async (t) => {
  const dir = path.join(sharedDir, 'conformance', 'zeek', 'ssl-dtls10');
  const { ssl } = await logsOf(t, path.join(dir, 'dtls1_0.pcap'));
  t.equal(ssl.length, 1);
  t.equal(ssl[0].ja4.split('_')[0], 'dd1i550400');
});

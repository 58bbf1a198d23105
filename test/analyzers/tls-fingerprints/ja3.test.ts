/**
 * JA3 and JA3S against the salesforce/ja3 vectors (shared/vectors/ja3): the documented
 * string -> MD5 examples, and ssl.log of both captures against the upstream Zeek baselines
 * (JA3) and tshark's values (JA3S, a cross-check only: upstream has none).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';

import t from 'tap';

import { isGrease } from '../../../src/analyzers/tls-fingerprints/grease.js';
import type { HelloFields } from '../../../src/analyzers/tls-fingerprints/hello-fields.js';
import { ja3, ja3String, ja3sString } from '../../../src/analyzers/tls-fingerprints/ja3.js';
import { runWirelog } from '../../cli/run-wirelog.js';
import { sharedDir } from '../../shared-path.js';
import { logRows } from './log-rows.js';
import { tsv } from './vector-files.js';

const vectors = path.join(sharedDir, 'vectors', 'ja3');
const expected = tsv(path.join(vectors, 'expected.tsv'));

/** A ClientHello's fields from a JA3 string (the inverse of the string's construction). */
function fieldsOf(ja3Text: string): HelloFields {
  const [version, ciphers, extensions, groups, formats] = ja3Text.split(',');
  const list = (s: string) => (s === '' ? [] : s.split('-').map(Number));
  return {
    version: Number(version), ciphers: list(ciphers), extensions: list(extensions),
    supportedGroups: list(groups), ecPointFormats: list(formats), signatureAlgorithms: [],
    firstAlpn: undefined, supportedVersions: [],
  };
}

t.test('ja3: the documented strings rebuild and hash to the documented MD5s', async (t) => {
  const rows = expected.filter((r) => r.direction === 'client-ja3');
  t.equal(rows.length, 5);
  for (const r of rows) {
    t.equal(ja3String(fieldsOf(r.ja3_string)), r.ja3_string);
    t.equal(ja3(fieldsOf(r.ja3_string)), r.md5, r.source);
  }
});

t.test('ja3: GREASE values are dropped from every list, and only they are', async (t) => {
  const grease = [0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a,
    0x9a9a, 0xaaaa, 0xbaba, 0xcaca, 0xdada, 0xeaea, 0xfafa];
  for (const g of grease) t.ok(isGrease(g), g.toString(16));
  for (const v of [0x0a1a, 0x1a0a, 0x0a0b, 0x0b0b, 0xfefd, 0x1301, 0x000a, 0x0a00]) {
    t.notOk(isGrease(v), v.toString(16));
  }
  const hello: HelloFields = {
    version: 0x0303, ciphers: [0x1a1a, 4865], extensions: [0x2a2a, 0, 0xeaea, 11],
    supportedGroups: [0x2a2a, 29], ecPointFormats: [0], signatureAlgorithms: [],
    firstAlpn: undefined, supportedVersions: [],
  };
  t.equal(ja3String(hello), '771,4865,0-11,29,0');
  t.equal(ja3sString({ ...hello, ciphers: [4865] }), '771,4865,0-11');
  t.equal(ja3String({ ...hello, extensions: [], supportedGroups: [], ecPointFormats: [] }),
    '771,4865,,,', 'empty fields keep their commas');
});

t.test('ja3: ssl.log of both captures carries the expected ja3 and ja3s', async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'wirelog-ja3-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  for (const capture of ['ssl-curl.pcap', 'ssl-chrome.pcap']) {
    const dir = path.join(out, capture);
    const result = await runWirelog(['-C', '-r', path.join(vectors, capture), '-d', dir]);
    t.equal(result.code, 0, result.stderr);
    const [row] = logRows(readFileSync(path.join(dir, 'ssl.log'), 'utf8'));
    const baseline = logRows(readFileSync(path.join(vectors, capture.replace('.pcap', '.ssl.log')),
      'utf8'))[0];
    t.equal(row.ja3, baseline.ja3, `${capture}: ja3 equals the upstream Zeek baseline`);
    const client = expected.find((r) => r.capture === capture && r.direction === 'client-ja3')!;
    const server = expected.find((r) => r.capture === capture && r.direction === 'server-ja3s')!;
    t.equal(row.ja3, client.md5);
    t.equal(row.ja3s, server.md5, `${capture}: ja3s equals tshark's`);
    t.equal(createHash('md5').update(server.ja3_string).digest('hex'), server.md5);
  }
});

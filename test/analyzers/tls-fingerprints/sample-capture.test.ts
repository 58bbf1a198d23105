/**
 * Fingerprints in ssl.log of the project's own capture (test/fixtures/sample/sample.pcap),
 * against values computed here, independently of the analyzer, from the hello bytes cut out
 * of the packets: no vector exists for these clients and servers.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { runWirelog } from '../../cli/run-wirelog.js';
import { repoRoot } from '../../shared-path.js';
import { logRows } from './log-rows.js';
import { rawHellos } from './raw-hellos.js';

const trace = path.join(repoRoot, 'test', 'fixtures', 'sample', 'sample.pcap');

/** A minimal, separate hello reader: lists in wire order, GREASE still in. */
function readHello(body: Buffer, isClient: boolean) {
  let o = 2 + 32;
  const version = body.readUInt16BE(0);
  o += 1 + body[o]; // session id
  const ciphers: number[] = [];
  if (isClient) {
    const len = body.readUInt16BE(o);
    for (let k = 0; k < len; k += 2) ciphers.push(body.readUInt16BE(o + 2 + k));
    o += 2 + len;
    o += 1 + body[o]; // compression methods
  } else {
    ciphers.push(body.readUInt16BE(o));
    o += 3;
  }
  const ext = new Map<number, Buffer>();
  const order: number[] = [];
  for (let end = o + 2 + body.readUInt16BE(o), p = o + 2; p < end;) {
    const type = body.readUInt16BE(p);
    const len = body.readUInt16BE(p + 2);
    order.push(type);
    ext.set(type, body.subarray(p + 4, p + 4 + len));
    p += 4 + len;
  }
  return { version, ciphers, order, ext };
}

const u16s = (b: Buffer | undefined, skip: number) => {
  const out: number[] = [];
  for (let k = skip; b !== undefined && k + 1 < b.length; k += 2) out.push(b.readUInt16BE(k));
  return out;
};
const grease = (v: number) => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
const clean = (l: number[]) => l.filter((v) => !grease(v));
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha12 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);
const hex = (v: number) => v.toString(16).padStart(4, '0');

function expectedJa3(body: Buffer): string {
  const h = readHello(body, true);
  const formats = h.ext.get(11);
  return md5([h.version, clean(h.ciphers).join('-'), clean(h.order).join('-'),
    clean(u16s(h.ext.get(10), 2)).join('-'),
    formats === undefined ? '' : [...formats.subarray(1)].join('-')].join(','));
}

function expectedJa3s(body: Buffer): string {
  const h = readHello(body, false);
  return md5([h.version, h.ciphers[0], clean(h.order).join('-')].join(','));
}

function expectedJa4(body: Buffer): string {
  const h = readHello(body, true);
  const versions = clean(u16s(h.ext.get(43), 1));
  const version = versions.length > 0 ? Math.max(...versions) : h.version;
  const code = { 0x0304: '13', 0x0303: '12', 0x0302: '11', 0x0301: '10' }[version] ?? '00';
  const alpn = h.ext.get(16);
  const first = alpn === undefined ? '' : alpn.subarray(3, 3 + alpn[2]).toString('latin1');
  const exts = clean(h.order);
  const a = `t${code}${exts.includes(0) ? 'd' : 'i'}` +
    `${String(clean(h.ciphers).length).padStart(2, '0')}${String(exts.length).padStart(2, '0')}` +
    (first === '' ? '00' : first[0] + first[first.length - 1]);
  const b = sha12(clean(h.ciphers).map(hex).sort().join(','));
  const sigs = clean(u16s(h.ext.get(13), 2)).map(hex).join(',');
  const c = sha12(exts.filter((e) => e !== 0 && e !== 16).map(hex).sort().join(',') +
    (sigs === '' ? '' : `_${sigs}`));
  return `${a}_${b}_${c}`;
}

t.test('tls fingerprints: ssl.log of sample.pcap matches values computed from the hello bytes',
  async (t) => {
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-fp-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const result = await runWirelog(['-r', trace, '-d', out]);
    t.equal(result.code, 0, result.stderr);
    const rows = logRows(readFileSync(path.join(out, 'ssl.log'), 'utf8'));
    const hellos = rawHellos(trace);
    t.equal(rows.length, 3);
    for (const row of rows) {
      const tuple = [row['id.orig_h'], row['id.orig_p'], row['id.resp_h'], row['id.resp_p']];
      const client = hellos.find((h) => h.isClient && h.tuple === tuple.join(' '))!;
      const server = hellos.find((h) => !h.isClient &&
        h.tuple === [tuple[2], tuple[3], tuple[0], tuple[1]].join(' '))!;
      t.equal(row.ja3, expectedJa3(client.body), `${tuple.join(' ')} ja3`);
      t.equal(row.ja3s, expectedJa3s(server.body), `${tuple.join(' ')} ja3s`);
      t.equal(row.ja4, expectedJa4(client.body), `${tuple.join(' ')} ja4`);
    }
  });

t.test('tls fingerprints: each column can be switched off on its own', async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'wirelog-fp-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const config = path.join(out, 'no-ja3s.yaml');
  writeFileSync(config, 'ssl: { ja3s: false }\n');
  const result = await runWirelog(['-r', trace, '-d', path.join(out, 'logs'), '--config', config]);
  t.equal(result.code, 0, result.stderr);
  const fields = readFileSync(path.join(out, 'logs', 'ssl.log'), 'utf8').split('\n')
    .find((l) => l.startsWith('#fields'))!.split('\t');
  t.same(fields.slice(-3), ['ja3', 'ja4', 'community_id']);
});

t.test('tls fingerprints: zeek-compatible.yaml gives every log exactly Zeek\'s columns',
  async (t) => {
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-fp-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const config = path.join(repoRoot, 'config', 'zeek-compatible.yaml');
    const result = await runWirelog(['-r', trace, '-d', out, '--config', config]);
    t.equal(result.code, 0, result.stderr);
    for (const log of ['conn', 'dns', 'http', 'files', 'ssl', 'ssh']) {
      const text = readFileSync(path.join(out, `${log}.log`), 'utf8');
      t.notMatch(text.split('\n').find((l) => l.startsWith('#fields')),
        /\t(community_id|ja3|ja3s|ja4|hassh|hasshServer)(\t|$)/, `${log}.log`);
    }
  });

/**
 * The CLI on the QUIC interop capture with a Retry (Zeek's default-scripts conformance case):
 * quic.log and ssl.log carry Zeek's header and rows (uids aside), and conn.log names both
 * services, quic first.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { sharedDir } from '../shared-path.js';
import { runWirelog, ZEEK_COLUMNS } from './run-wirelog.js';

const CASE_DIR = path.join(sharedDir, 'conformance', 'zeek-default', 'link-ppp-quic');

/** Data rows with uid-like values masked, sorted. */
function rows(text: string): string[] {
  return text.split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t').map((v) => (/^C[0-9A-Za-z]{8,}$/.test(v) ? 'UID' : v)).join('\t'))
    .sort();
}

function header(text: string): string[] {
  return text.split('\n').filter((l) => /^#(fields|types|path)\t/.test(l));
}

t.test('cli: QUIC with a Retry gives Zeek\'s quic.log, ssl.log and service', async (t) => {
  if (!existsSync(CASE_DIR)) return t.plan(0, `no shared data at ${CASE_DIR}`);
  const out = mkdtempSync(path.join(tmpdir(), 'wirelog-quic-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));

  const trace = path.join(CASE_DIR, 'quic-interop-retry.pcap');
  const r = await runWirelog([...ZEEK_COLUMNS, '-C', '-r', trace, '-d', out]);
  t.equal(r.code, 0, r.stderr);
  for (const log of ['quic.log', 'ssl.log', 'conn.log']) {
    const got = readFileSync(path.join(out, log), 'utf8');
    const want = readFileSync(path.join(CASE_DIR, 'expected', log), 'utf8');
    t.same(header(got), header(want), `${log} header`);
    t.same(rows(got), rows(want), `${log} rows`);
  }
  t.notOk(existsSync(path.join(out, 'weird.log')), 'no weird');
});

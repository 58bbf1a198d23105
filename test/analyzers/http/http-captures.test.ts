/**
 * The CLI over the shared conformance captures: http.log and files.log rows as Zeek wrote
 * them (uids and fuids compared by reference, not value).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t, { type Test } from 'tap';

import { runWirelog } from '../../cli/run-wirelog.js';
import { sharedDir } from '../../shared-path.js';

const corpus = path.join(sharedDir, 'conformance', 'zeek-default');

/** Data rows of a TSV log, as arrays of cells. */
function rows(file: string): string[][] {
  return readFileSync(file, 'utf8').split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

async function run(t: Test, caseName: string, trace: string): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), 'wirelog-http-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const result = await runWirelog(['-r', path.join(corpus, caseName, trace), '-C', '-d', out]);
  t.equal(result.code, 0, result.stderr);
  return out;
}

t.test('captures: HTTP/0.9 and invalid requests give Zeek\'s http.log and files.log', async (t) => {
  const out = await run(t, 'http-09-and-invalid', 'http_09.pcap');
  const http = rows(path.join(out, 'http.log'));
  t.same(http.map((r) => [r[6], r[7], r[9], r[11], r[15], r[29]]), [
    ['1', 'GET', '/zeek.html', '0.9', '51', 'text/html'],
    ['2', '-', '-', '-', '0', '-'],
    ['1', 'POST', '/zeek.html', '0.9', '11', 'text/plain'],
    ['2', '-', '-', '-', '0', '-'],
  ]);
  const files = rows(path.join(out, 'files.log'));
  t.same(files.map((r) => [r[10], r[14], r[15]]), [['text/html', 'F', '51'], ['text/plain', 'F', '11']]);
  t.same(files.map((r) => r[1]), [http[0][27], http[2][27]], 'resp_fuids name the files');
  const weirds = rows(path.join(out, 'weird.log')).map((r) => r[6]);
  t.same(weirds, ['invalid_http_09_request_method', 'bad_HTTP_request', 'bad_HTTP_request',
    'bad_HTTP_request']);
});

t.test('captures: 100-continue POST has both bodies as files and the 1xx as info_code', async (t) => {
  const out = await run(t, 'http-100-continue-default', '100-continue.pcap');
  const [row] = rows(path.join(out, 'http.log'));
  t.same([row[14], row[15], row[16], row[18], row[26], row[29]],
    ['2001', '60731', '200', '100', 'text/plain', 'text/html']);
  const files = rows(path.join(out, 'files.log'));
  t.same(files.map((r) => [r[14], r[15], r[16]]), [['T', '2001', '2001'], ['F', '60731', '-']]);
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { runWirelog, ZEEK_COLUMNS } from '../../cli/run-wirelog.js';
import { sharedDir } from '../../shared-path.js';

/** Data rows of a TSV log without the columns given (run-dependent ts, uid, fuid), sorted. */
function rows(file: string, skip: readonly number[]): string[] {
  return readFileSync(file, 'utf8').split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t').filter((_, i) => !skip.includes(i)).join('\t'))
    .sort();
}

/** smtp.log's set columns (rcptto, to, cc), counted after ts and uid are left out. */
const SET_COLUMNS = [7, 10, 11];

/** smtp.log without ts and uid, sets in sorted order, and fuids (the last column) counted. */
function smtpRows(file: string): string[] {
  return rows(file, [0, 1]).map((r) => {
    const cells = r.split('\t');
    for (const i of SET_COLUMNS) cells[i] = cells[i].split(',').sort().join(',');
    cells[cells.length - 1] = String(cells[cells.length - 1].split(',').length);
    return cells.join('\t');
  });
}

const CASES = [
  { name: 'smtp-attachment-files', args: ['base/protocols/smtp'], files: true },
  {
    name: 'smtp-starttls', args: ['-C', 'base/protocols/smtp', 'base/protocols/ssl'], files: false,
  },
];

for (const c of CASES) {
  t.test(`smtp cli: ${c.name} writes Zeek's smtp.log rows`, async (t) => {
    const dir = path.join(sharedDir, 'conformance', 'zeek', c.name);
    const pcap = readFileSync(path.join(dir, 'case.json'), 'utf8').match(/"trace": "([^"]+)"/)![1];
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-smtp-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const r = await runWirelog([...ZEEK_COLUMNS, '-b', '-r', path.join(dir, pcap), '-d', out,
      ...c.args]);
    t.equal(r.code, 0, r.stderr);
    const want = (log: string) => path.join(dir, 'expected', log);
    t.same(smtpRows(path.join(out, 'smtp.log')), smtpRows(want('smtp.log')));
    if (c.files) {
      t.same(rows(path.join(out, 'files.log'), [0, 1, 2]), rows(want('files.log'), [0, 1, 2]));
    }
  });
}

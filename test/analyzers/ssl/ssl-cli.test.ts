import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { runWirelog, ZEEK_COLUMNS } from '../../cli/run-wirelog.js';
import { sharedDir } from '../../shared-path.js';

/** Data rows of a TSV log without ts and uid (run-dependent), sorted. */
function rows(file: string, skip: readonly number[]): string[] {
  return readFileSync(file, 'utf8').split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t').filter((_, i) => !skip.includes(i)).join('\t'))
    .sort();
}

const CASES = [
  { name: 'ssl-ecdhe', args: ['base/protocols/ssl', 'base/files/x509'] },
  { name: 'ssl-dtls10', args: ['base/protocols/ssl'] },
  // Zeek's case loads the IRC scripts: the IRC analyzer hands STARTTLS over to SSL.
  { name: 'link-sll-irc-starttls', args: ['-C', 'base/protocols/ssl', 'base/protocols/irc'] },
];

for (const c of CASES) {
  t.test(`ssl cli: ${c.name} writes Zeek's ssl.log and x509.log rows`, async (t) => {
    const dir = path.join(sharedDir, 'conformance', 'zeek', c.name);
    const pcap = readFileSync(path.join(dir, 'case.json'), 'utf8').match(/"trace": "([^"]+)"/)![1];
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-ssl-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const r = await runWirelog(['-b', '-r', path.join(dir, pcap), '-d', out, ...ZEEK_COLUMNS,
      ...c.args]);
    t.equal(r.code, 0, r.stderr);
    t.same(rows(path.join(out, 'ssl.log'), [0, 1]), rows(path.join(dir, 'expected', 'ssl.log'), [0, 1]));
    t.same(rows(path.join(out, 'x509.log'), [0]), rows(path.join(dir, 'expected', 'x509.log'), [0]));
  });
}

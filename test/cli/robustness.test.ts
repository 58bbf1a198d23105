/**
 * Every odd and malformed capture of the robustness corpus runs to the end: exit 0 with logs,
 * or, for a file that is not a capture at all, exit 1 with a message naming it. Never a crash,
 * a hang or an unhandled rejection.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { sharedDir } from '../shared-path.js';
import { runWirelog } from './run-wirelog.js';

const corpus = path.join(sharedDir, 'robustness', 'tcpdump');
const captures = readdirSync(corpus).filter((f) => /\.(pcap|pcapng)$/.test(f)).sort();

t.test('robustness corpus is present', async (t) => {
  t.ok(captures.length >= 40, `${captures.length} captures found in ${corpus}`);
});

for (const file of captures) {
  t.test(`robustness: ${file} is processed without a crash`, async (t) => {
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-robust-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const r = await runWirelog(['-r', path.join(corpus, file), '-d', out], { timeoutMs: 60_000 });

    t.equal(r.signal, null, 'not killed (no hang)');
    t.notMatch(r.stderr, /Unhandled|TypeError|RangeError|at .*\.js:\d+/, 'no stack trace');
    if (r.code === 0) {
      t.ok(readdirSync(out).length >= 0, 'logs written');
    } else {
      t.equal(r.code, 1, 'a failure is a clear error, not an internal one');
      t.match(r.stderr, new RegExp(`wirelog: .*${file.replace('.', '\\.')}`), 'names the file');
    }
  });
}

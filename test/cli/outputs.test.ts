/**
 * Outputs that cannot be made end the run with status 1 and one line naming them, never a stack
 * trace or a hang; and `-w` never writes over the capture being read.
 */
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';
import type { Test } from 'tap';

import { repoRoot } from '../shared-path.js';
import { runWirelog, type CliResult } from './run-wirelog.js';

const SAMPLE = path.join(repoRoot, 'test/fixtures/sample/sample.pcap');

function tempDir(t: { teardown(f: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-outputs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Status 1 and a single `wirelog: ...` line matching `message`. */
function refused(t: Test, r: CliResult, message: RegExp): void {
  t.equal(r.signal, null, 'ended by itself');
  t.equal(r.code, 1, r.stderr);
  t.match(r.stderr, message);
  t.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line, no stack trace');
}

const linux = process.platform === 'linux' ? false : 'needs Linux /proc and /sys';

t.test(
  'a log folder under /proc fails at once, naming folder and reason',
  { skip: linux },
  async (t) => {
    const r = await runWirelog(['-r', SAMPLE, '-d', '/proc/nope/x'], { timeoutMs: 20_000 });
    refused(t, r, /^wirelog: cannot create log folder \/proc\/nope\/x: \/proc\/nope: .*ENOENT/);
  },
);

t.test('a log folder the system refuses is status 1', { skip: linux }, async (t) => {
  const r = await runWirelog(['-r', SAMPLE, '-d', '/sys/kernel/x'], { timeoutMs: 20_000 });
  refused(t, r, /^wirelog: cannot create log folder \/sys\/kernel\/x: .*\((EPERM|EROFS|EACCES)\)/);
});

t.test('a file where the log folder should be is status 1', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'ro'), 'a file');
  const r = await runWirelog(['-r', SAMPLE, '-d', 'ro'], { cwd: dir });
  refused(t, r, /^wirelog: cannot create log folder ro: exists and is not a folder\n$/);
});

t.test('-w into a missing folder is status 1 naming the file', async (t) => {
  const dir = tempDir(t);
  const out = path.join(dir, 'nonexistent', 'x.pcap');
  const r = await runWirelog(['-r', SAMPLE, '-w', out, '-d', dir]);
  refused(t, r, new RegExp(`^wirelog: cannot create ${out}: no such file or directory`));
});

t.test('-w naming the input is refused before anything is written', async (t) => {
  const dir = tempDir(t);
  const input = path.join(dir, 'out.pcap');
  copyFileSync(SAMPLE, input);
  linkSync(input, path.join(dir, 'hard.pcap'));
  const original = readFileSync(SAMPLE);

  for (const out of ['out.pcap', './out.pcap', path.join(dir, 'out.pcap'), 'hard.pcap']) {
    const logs = path.join(dir, 'logs');
    const r = await runWirelog(['-r', 'out.pcap', '-w', out, '-d', logs], { cwd: dir });
    refused(t, r, /is the capture being read \(out\.pcap\)/);
    t.ok(readFileSync(input).equals(original), `${out}: the input is intact`);
    t.notOk(existsSync(logs), `${out}: no log folder was created`);
  }
});

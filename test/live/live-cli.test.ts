/**
 * `-i` on the command line: combined with `-r`, or naming an interface that cannot be opened,
 * it fails with exit status 1 and a message saying why. Opens no interface; needs no root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { runWirelog } from '../cli/run-wirelog.js';

function tempDir(t: { teardown(f: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-live-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('-r and -i together are refused', async (t) => {
  const r = await runWirelog(['-r', 'x.pcap', '-i', 'eth0', '-d', tempDir(t)]);
  t.equal(r.code, 1);
  t.match(r.stderr, /wirelog: -r and -i cannot be combined/);
});

t.test('no input at all names both options', async (t) => {
  const r = await runWirelog(['-d', tempDir(t)]);
  t.equal(r.code, 1);
  t.match(r.stderr, /no input: give -r FILE .* or -i IFACE/);
});

t.test('an interface that does not exist fails with libpcap\'s reason', async (t) => {
  const r = await runWirelog(['-i', 'wlnosuch0', '-d', tempDir(t)]);
  t.equal(r.code, 1, r.stderr);
  t.match(r.stderr, /wirelog: cannot capture on wlnosuch0: /);
});

/**
 * The log folder is created level by level, and a level that cannot be created ends the attempt
 * with an OutputError naming the folder and the reason.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import t from 'tap';

import { LogFileSink } from '../../src/sinks/log-file-sink.js';
import { createLogFolder } from '../../src/sinks/log-folder.js';
import { OutputError } from '../../src/sinks/output-error.js';

function tempDir(t: { teardown(f: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'wirelog-folder-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('missing levels are created, an existing folder is kept', async (t) => {
  const base = tempDir(t);
  const dir = join(base, 'a', 'b', 'c');
  createLogFolder(dir);
  t.ok(statSync(dir).isDirectory());
  t.doesNotThrow(() => createLogFolder(dir));
  t.doesNotThrow(() => createLogFolder(base));
});

t.test('a file where the folder should be is refused, naming the folder', async (t) => {
  const file = join(tempDir(t), 'ro');
  writeFileSync(file, 'not a folder');
  t.throws(() => createLogFolder(file), {
    constructor: OutputError,
    path: file,
    message: `cannot create log folder ${file}: exists and is not a folder`,
  });
  t.throws(() => new LogFileSink({ dir: join(file, 'sub'), format: 'tsv' }), {
    constructor: OutputError,
    message: `cannot create log folder ${join(file, 'sub')}: ${file}: exists and is not a folder`,
  });
});

t.test('a log file that cannot be created is an OutputError naming it', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'conn.log'));
  const sink = new LogFileSink({ dir, format: 'tsv' });
  const spec = { path: 'conn', doc: '', fields: [] };
  t.throws(() => sink.openStream(spec), {
    constructor: OutputError,
    path: join(dir, 'conn.log'),
    message: /^cannot create log file .*conn\.log: illegal operation on a directory \(EISDIR\)$/,
  });
});

const noProc = process.platform === 'linux' ? false : 'needs Linux /proc';
t.test('a folder in /proc fails once instead of retrying forever', { skip: noProc }, async (t) => {
  t.throws(() => createLogFolder('/proc/nope/x'), {
    constructor: OutputError,
    message:
      'cannot create log folder /proc/nope/x: /proc/nope: no such file or directory (ENOENT)',
  });
});

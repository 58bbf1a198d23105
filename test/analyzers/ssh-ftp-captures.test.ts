/**
 * The CLI over the SSH and FTP conformance captures, compared with Zeek's logs by the shared
 * zeek-compare tool. Cases whose Zeek test redefined FTP::logged_commands run both with that
 * assignment on the command line, as Zeek takes it, and with the YAML file in test/fixtures/ftp
 * that does the same.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import t, { type Test } from 'tap';

import { scriptOptionsOf } from '../../scripts/conformance-runner.js';
import { runWirelog, ZEEK_COLUMNS } from '../cli/run-wirelog.js';
import { repoRoot, sharedDir } from '../shared-path.js';

const run = promisify(execFile);

interface LogResult {
  cells: number;
  matched_cells: number;
  header_ok: boolean;
  field_mismatches: Record<string, number>;
}

/** Runs wirelog on a case as its case.json says and returns zeek-compare's per-log result. */
async function compare(t: Test, corpus: string, name: string, extra = ZEEK_COLUMNS) {
  const dir = path.join(sharedDir, 'conformance', corpus, name);
  const c = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as {
    trace: string; bare_mode: boolean; scripts_loaded: string[]; zeek_command: string;
  };
  const out = mkdtempSync(path.join(tmpdir(), 'wirelog-sshftp-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  // As zeek-compare passes them: script names only, without the implicit default set.
  const scripts = c.scripts_loaded
    .map((s) => s.split(' ')[0])
    .filter((s) => /^(base|policy)\//.test(s) && !s.includes('init-default'));
  const args = [...(c.bare_mode ? ['-b'] : []), '-r', path.join(dir, c.trace),
    ...(c.zeek_command.includes(' -C') ? ['-C'] : []), '-d', out, ...extra, ...scripts];
  const result = await runWirelog(args);
  t.equal(result.code, 0, result.stderr);
  const { stdout } = await run('python3', [path.join(sharedDir, 'tools', 'zeek-compare'), 'case',
    dir, out]);
  return (JSON.parse(stdout) as { logs: Record<string, LogResult> }).logs;
}

const fixture = (f: string) => ['--config', path.join(repoRoot, 'test', 'fixtures', 'ftp', f)];
/** The case's own redefinitions, as arguments of Zeek's command-line shape. */
const redefs = (name: string) => [
  ...ZEEK_COLUMNS,
  ...scriptOptionsOf(path.join(sharedDir, 'conformance', 'zeek', name)),
];
/** Defaults: the columns wirelog adds follow Zeek's. */
const DEFAULTS = ['--config', path.join(repoRoot, 'config', 'default.yaml')];

function allMatch(t: Test, logs: Record<string, LogResult>, names: string[], header = true) {
  for (const n of names) {
    const l = logs[n];
    t.equal(l.matched_cells, l.cells, `${n}: every cell (${JSON.stringify(l.field_mismatches)})`);
    if (header) t.ok(l.header_ok, `${n}: header lines`);
  }
}

t.test('captures: SSH with server pre-banner lines gives Zeek\'s ssh.log and conn.log',
  async (t) => {
    for (const corpus of ['zeek', 'zeek-default']) {
      const plain = await compare(t, corpus, 'ssh-pre-banner-default', DEFAULTS);
      allMatch(t, plain, ['conn.log', 'ssh.log'], false);
      t.notOk(plain['ssh.log'].header_ok, 'the HASSH and Community ID columns follow Zeek\'s');
      const zeekColumns = await compare(t, corpus, 'ssh-pre-banner-default');
      allMatch(t, zeekColumns, ['conn.log', 'ssh.log']);
    }
  });

t.test('captures: long FTP commands give Zeek\'s ftp.log, weird and history X', async (t) => {
  allMatch(t, await compare(t, 'zeek-default', 'ftp-long-commands-weird'),
    ['ftp.log', 'conn.log', 'weird.log']);
  allMatch(t, await compare(t, 'zeek', 'ftp-long-commands-weird', fixture('logged-user-syst.yaml')),
    ['ftp.log', 'conn.log', 'weird.log']);
  t.same(redefs('ftp-long-commands-weird').slice(ZEEK_COLUMNS.length),
    ['FTP::logged_commands += { "USER", "SYST" }']);
  allMatch(t, await compare(t, 'zeek', 'ftp-long-commands-weird', redefs('ftp-long-commands-weird')),
    ['ftp.log', 'conn.log', 'weird.log']);
});

t.test('captures: FTP with AUTH TLS logs the commands before the hand-off', async (t) => {
  const d = await compare(t, 'zeek-default', 'default-ftp-auth-tls');
  allMatch(t, d, ['ftp.log']);
  // conn.log's service also names ssl once an SSL analyzer takes the hand-off.
  t.same(Object.keys(d['conn.log'].field_mismatches).filter((f) => f !== 'service'), []);
  allMatch(t, await compare(t, 'zeek', 'default-ftp-auth-tls', fixture('logged-init-auth.yaml')),
    ['ftp.log']);
  allMatch(t, await compare(t, 'zeek', 'default-ftp-auth-tls', redefs('default-ftp-auth-tls')),
    ['ftp.log', 'conn.log', 'ssl.log']);
});

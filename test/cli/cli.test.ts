import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { sharedDir } from '../shared-path.js';
import { runWirelog, ZEEK_COLUMNS } from './run-wirelog.js';

const qinq = path.join(sharedDir, 'conformance', 'zeek', 'l2-q-in-q', 'q-in-q.pcap');

function tempDir(t: Teardown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What the helpers need of a test: somewhere to hang clean-up. */
interface Teardown {
  teardown(f: () => void): void;
}

t.test('cli: -r and -d write conn.log in Zeek TSV into the folder', async (t) => {
  const out = tempDir(t);
  const r = await runWirelog(['-b', '-r', qinq, '-d', out, ...ZEEK_COLUMNS,
    'base/protocols/conn']);
  t.equal(r.code, 0, r.stderr);
  const log = readFileSync(path.join(out, 'conn.log'), 'utf8');
  t.match(log, /^#separator \\x09\n/);
  t.match(log, /\tudp\t-\t0\.000100\t36\t0\tS0\tT\tT\t0\tD\t2\t92\t0\t0\t-\t17\n/);
  t.notOk(existsSync(path.join(out, 'weird.log')), 'bare mode with conn only writes no weird.log');
});

t.test('cli: logs go to the current folder when -d is not given', async (t) => {
  const cwd = tempDir(t);
  const r = await runWirelog(['-r', qinq], { cwd });
  t.equal(r.code, 0, r.stderr);
  t.ok(existsSync(path.join(cwd, 'conn.log')));
});

t.test('cli: --json writes one JSON object per line without header lines', async (t) => {
  const out = tempDir(t);
  const r = await runWirelog(['-r', qinq, '--json', '-d', out]);
  t.equal(r.code, 0, r.stderr);
  const lines = readFileSync(path.join(out, 'conn.log'), 'utf8').trim().split('\n');
  t.equal(lines.length, 2);
  const first = JSON.parse(lines[0]) as Record<string, unknown>;
  t.equal(first['id.orig_p'], 47808);
  t.equal(first.conn_state, 'S0');
  t.notOk('service' in first, 'unset fields are omitted');
});

t.test('cli: a file that is not a capture fails with a message naming it', async (t) => {
  const dir = tempDir(t);
  const bogus = path.join(dir, 'notes.txt');
  writeFileSync(bogus, 'hello, this is not a capture\n');
  const r = await runWirelog(['-r', bogus, '-d', dir]);
  t.equal(r.code, 1);
  t.match(r.stderr, /wirelog: cannot read capture .*notes\.txt: not a pcap or pcapng file/);
});

t.test('cli: a missing capture fails with a message naming it', async (t) => {
  const r = await runWirelog(['-r', '/nonexistent/x.pcap']);
  t.equal(r.code, 1);
  t.match(r.stderr, /x\.pcap/);
});

t.test('cli: no -r is an error that says what to give', async (t) => {
  const r = await runWirelog([]);
  t.equal(r.code, 1);
  t.match(r.stderr, /-r FILE/);
});

t.test('cli: -v prints the version, as zeek -v does', async (t) => {
  const r = await runWirelog(['-v']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^wirelog version \d+\.\d+\.\d+\n$/);
});

t.test('cli: a script wirelog has no counterpart for is named in a warning', async (t) => {
  const out = tempDir(t);
  const r = await runWirelog(['-b', '-r', qinq, '-d', out, 'base/protocols/conn', 'base/protocols/nosuch']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stderr, /script base\/protocols\/nosuch has no counterpart in wirelog and is ignored/);
  t.notMatch(r.stderr, /base\/protocols\/conn has no/);
  t.ok(existsSync(path.join(out, 'conn.log')));
});

t.test('cli: a Zeek option assignment on the command line applies over the config', async (t) => {
  const out = tempDir(t);
  const r = await runWirelog(['-r', qinq, '-d', out, 'LogAscii::use_json=T', 'base/protocols/conn']);
  t.equal(r.code, 0, r.stderr);
  const first = readFileSync(path.join(out, 'conn.log'), 'utf8').split('\n')[0];
  t.equal((JSON.parse(first) as Record<string, unknown>).conn_state, 'S0', 'conn.log is JSON');

  const bad = await runWirelog(['-r', qinq, '-d', out, 'FTP::logged_comands+={"USER"}']);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /command line: 'FTP::logged_comands\+=\{"USER"\}': unknown option/);
});

t.test('cli: an unknown config key is an error naming the file, line and key', async (t) => {
  const dir = tempDir(t);
  const cfg = path.join(dir, 'bad.yaml');
  writeFileSync(cfg, 'tracker:\n  timeouts:\n    tcp_syn_timeot: 3\n');
  const r = await runWirelog(['-r', qinq, '--config', cfg, '-d', dir]);
  t.equal(r.code, 1);
  t.match(r.stderr, /bad\.yaml:3: unknown key 'tracker\.timeouts\.tcp_syn_timeot'/);
});

t.test('cli: a custom stage from a module path runs inside the pipeline', async (t) => {
  const dir = tempDir(t);
  const stage = path.join(dir, 'count-stage.mjs');
  writeFileSync(stage, [
    "import { Transform } from 'node:stream';",
    "import { writeFileSync } from 'node:fs';",
    'export function createStage(options) {',
    '  let n = 0;',
    '  return new Transform({ objectMode: true,',
    '    transform(batch, _e, done) { n += batch.count; done(null, batch); },',
    '    flush(done) { writeFileSync(options.out, String(n)); done(); } });',
    '}',
  ].join('\n'));
  const cfg = path.join(dir, 'pipeline.yaml');
  const counted = path.join(dir, 'counted.txt');
  writeFileSync(cfg, [
    'pipeline:',
    '  stages:',
    '    - decoder',
    `    - { module: ${JSON.stringify(stage)}, options: { out: ${JSON.stringify(counted)} } }`,
    '    - tracker',
  ].join('\n'));
  const r = await runWirelog(['-r', qinq, '--config', cfg, '-d', dir]);
  t.equal(r.code, 0, r.stderr);
  t.equal(readFileSync(counted, 'utf8'), '5', 'every packet of the capture passed the stage');
  t.ok(existsSync(path.join(dir, 'conn.log')));
});

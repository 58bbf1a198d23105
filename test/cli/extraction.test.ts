/**
 * File extraction from the command line: many files open at once do not exhaust descriptors,
 * and a folder that cannot be written is a warning on stderr, not silence and not a crash.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t, { type Test } from 'tap';

import { writeTcpPcap } from '../helpers/tcp-pcap.js';
import { runWirelog, WIRELOG_BIN, type CliResult } from './run-wirelog.js';

function tempDir(t: Test): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-extract-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the CLI in a shell that first lowers the open-file limit to `nofile`. */
function runWithFileLimit(nofile: number, args: string[]): Promise<CliResult> {
  const quoted = [process.execPath, WIRELOG_BIN, ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `ulimit -n ${nofile} && exec ${quoted}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const rows = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));

t.test('extraction: 3000 ranges open at once under a 1024 descriptor limit', async (t) => {
  const dir = tempDir(t);
  const pcap = path.join(dir, 'ranges.pcap');
  const segments: [boolean, string][] = [];
  for (let i = 0; i < 3000; i++) {
    segments.push([true, `GET /r${i} HTTP/1.1\r\nHost: x\r\n\r\n`]);
    segments.push([
      false,
      'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 10-19/30\r\n' +
        'Content-Length: 10\r\n\r\n0123456789',
    ]);
  }
  writeTcpPcap(pcap, [{ client: '10.0.0.1', server: '10.0.0.2', clientPort: 40000, segments }]);
  const extractDir = path.join(dir, 'extract');
  const config = path.join(dir, 'wirelog.yaml');
  writeFileSync(config, `files:\n  extract_dir: "${extractDir}"\n`);
  const out = path.join(dir, 'logs');

  const r = await runWithFileLimit(1024, ['--config', config, '-C', '-r', pcap, '-d', out]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stderr, '', 'no warning: nothing failed');
  t.equal(rows(path.join(out, 'conn.log')).length, 1);
  t.equal(rows(path.join(out, 'files.log')).length, 3000);
  const copies = readdirSync(extractDir);
  t.equal(copies.length, 3000);
  const copy = path.join(extractDir, copies[0]);
  t.equal(statSync(copy).size, 20, 'the range at its offset');
  t.equal(readFileSync(copy, 'latin1').slice(10), '0123456789');
});

t.test('extraction: an unusable folder is one warning on stderr', async (t) => {
  const dir = tempDir(t);
  const pcap = path.join(dir, 'get.pcap');
  const segments: [boolean, string][] = [];
  for (let i = 0; i < 3; i++) {
    segments.push([true, `GET /f${i} HTTP/1.1\r\nHost: x\r\n\r\n`]);
    segments.push([false, 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello']);
  }
  writeTcpPcap(pcap, [{ client: '10.0.0.1', server: '10.0.0.2', clientPort: 40000, segments }]);
  const plain = path.join(dir, 'plain');
  writeFileSync(plain, 'a regular file');
  const config = path.join(dir, 'wirelog.yaml');
  writeFileSync(config, `files:\n  extract_dir: "${path.join(plain, 'extract')}"\n`);
  const out = path.join(dir, 'logs');

  const r = await runWirelog(['--config', config, '-C', '-r', pcap, '-d', out]);
  t.equal(r.code, 0);
  const warnings = r.stderr.split('\n').filter((l) => l !== '');
  t.equal(warnings.length, 1, 'once for the cause, not once per file');
  const w = JSON.parse(warnings[0]) as Record<string, unknown>;
  t.match(w, { level: 40, operation: 'open', code: 'ENOTDIR', msg: /file extraction failed/ });
  t.equal(rows(path.join(out, 'files.log')).length, 3, 'the logs are written all the same');
});

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';

import { runBench } from '../../scripts/bench.js';
import { parseBenchOptions } from '../../scripts/bench/bench-options.js';
import { hasGnuTime } from '../../scripts/bench/gnu-time.js';
import { cpuRatio } from '../../scripts/bench/bench-report.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const sample = resolve(repoRoot, 'test/fixtures/sample/sample.pcap');
const tools = hasGnuTime() && existsSync('/usr/bin/tcpdump');
const noTools = tools ? false : 'GNU time or tcpdump is not installed';

/**
 * A stand-in for the wirelog CLI: it records its arguments in the output directory given
 * by -d (proving the directory exists) and burns a little CPU only when filtering.
 */
const STUB = `
const args = process.argv.slice(2);
const dir = args[args.indexOf('-d') + 1];
require('node:fs').writeFileSync(dir + '/args.json', JSON.stringify(args));
require('node:fs').appendFileSync(process.env.STUB_LOG, JSON.stringify(args) + '\\n');
if (args.includes('-f')) { const end = Date.now() + 150; while (Date.now() < end); }
process.exit(Number(process.env.STUB_EXIT ?? 0));
`;

function stubSetup(t: { teardown(fn: () => void): void }, exitCode = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'wirelog.cjs');
  writeFileSync(entry, STUB);
  process.env.STUB_LOG = join(dir, 'calls.log');
  process.env.STUB_EXIT = String(exitCode);
  const options = parseBenchOptions(['--capture', sample, '--runs', '3'], {}, repoRoot);
  return { dir, options: { ...options, wirelogEntry: entry } };
}

t.test(
  'bench: times tcpdump and wirelog (all analysis, conn only, filtered), N times each',
  { skip: noTools },
  async (t) => {
    const { dir, options } = stubSetup(t);
    const result = runBench(options, false);

    t.equal(result.capture.packets, 269);
    t.same(Object.keys(result.tools), ['tcpdump', 'wirelog', 'wirelog_conn', 'wirelog_filtered']);
    t.ok(result.measurements.every((m) => m.runs.length === 3));
    const { tcpdump, wirelog } = result.tools;
    if (!tcpdump || !wirelog) throw new Error('both tools measured');
    t.equal(result.wirelogCpuToTcpdump, cpuRatio(wirelog, tcpdump));
    t.ok((result.filterDeltaUsPerPacket ?? 0) > 0, 'the busier filtered stub costs more');

    const log = readFileSync(join(dir, 'calls.log'), 'utf8').trim();
    const calls = log.split('\n').map((line) => JSON.parse(line) as string[]);
    t.equal(calls.length, 9);
    t.same(calls[0]?.slice(0, 3), ['-r', sample, '-d']);
    t.same(calls[5]?.slice(-2), ['-b', 'base/protocols/conn']);
    t.same(calls[8]?.slice(-2), ['-f', 'tcp port 80 or udp port 53']);
  },
);

t.test(
  'bench: a missing wirelog entry point is reported, tcpdump still measured',
  { skip: noTools },
  async (t) => {
    const { options } = stubSetup(t);
    const result = runBench({ ...options, wirelogEntry: '/nonexistent/wirelog.js' }, false);
    t.equal(result.wirelogStatus, 'missing');
    t.same(Object.keys(result.tools), ['tcpdump']);
    t.equal(result.wirelogCpuToTcpdump, null);
  },
);

t.test(
  'bench: a wirelog run that fails stops the bench with its exit status',
  { skip: noTools },
  async (t) => {
    const { options } = stubSetup(t, 3);
    t.throws(() => runBench(options, false), { name: 'FailedRunError' });
  },
);

t.test(
  'bench: without root a missing capture is explained, not attempted',
  { skip: noTools },
  async (t) => {
    const { dir, options } = stubSetup(t);
    const missing = { ...options, capture: join(dir, 'absent.pcap') };
    t.throws(() => runBench(missing, false), { name: 'CaptureUnavailableError' });
    t.throws(() => runBench(missing, false), /needs root.*sudo scripts\/capture/);
    t.notOk(existsSync(missing.capture));
  },
);

import t from 'tap';

import type { BenchResult, ToolRates } from '../../../scripts/bench/bench-report.js';
import {
  benchLines,
  cpuRatio,
  filterDeltaUsPerPacket,
  ratesOf,
} from '../../../scripts/bench/bench-report.js';
import { summariseRuns } from '../../../scripts/bench/tool-measurement.js';

const census = { packets: 2_000_000, bytes: 1_000_000_000 };

function rates(cpuSeconds: number): ToolRates {
  const run = {
    cpuSeconds,
    userSeconds: cpuSeconds,
    sysSeconds: 0,
    wallSeconds: cpuSeconds,
    peakRssKib: 51200,
    exitCode: 0,
    stderrTail: '',
  };
  return ratesOf(summariseRuns('x', ['x'], [run]), census);
}

function result(overrides: Partial<BenchResult>): BenchResult {
  return {
    date: '2026-01-01T00:00:00.000Z',
    capture: { file: '.bench/bench.pcap', ...census },
    runs: 3,
    filterExpression: 'tcp port 80 or udp port 53',
    wirelogStatus: 'measured',
    tools: { tcpdump: rates(0.5), wirelog: rates(4) },
    wirelogCpuToTcpdump: 8,
    filterDeltaUsPerPacket: -0.25,
    host: { cpus: 2, cpuModel: 'cpu', node: 'v20' },
    measurements: [],
    ...overrides,
  };
}

t.test('rates: per packet and per CPU second from the median CPU time', async (t) => {
  const r = rates(4);
  t.equal(r.usPerPacket, 2);
  t.equal(r.packetsPerCpuSecond, 500_000);
  t.equal(r.mbPerCpuSecond, 250);
  t.equal(r.peakRssMib, 50);
});

t.test('filter delta: extra CPU of the filtered run spread over every packet', async (t) => {
  t.equal(filterDeltaUsPerPacket(rates(5), rates(4), census.packets), 0.5);
  t.equal(filterDeltaUsPerPacket(rates(3), rates(4), census.packets), -0.5);
});

t.test('ratio: wirelog over tcpdump, none when the floor is below timer resolution', async (t) => {
  t.equal(cpuRatio(rates(4), rates(0.5)), 8);
  t.equal(cpuRatio(rates(4), rates(0)), null);
});

t.test('lines: every number is a key=value pair on a line starting with bench', async (t) => {
  const lines = benchLines(result({}));
  t.ok(lines.every((line) => line.startsWith('bench ')));
  t.match(lines[0], /^bench capture file=\.bench\/bench\.pcap packets=2000000 bytes=1000000000/);
  const wirelog = lines.find((line) => line.startsWith('bench tool name=wirelog '));
  t.match(wirelog, /us_per_packet=2\.000 packets_per_cpu_s=500000 mb_per_cpu_s=250\.0/);
  t.ok(lines.includes('bench ratio wirelog_cpu_to_tcpdump=8.00'));
});

t.test('lines: a missing wirelog is said, and no ratio is invented', async (t) => {
  const lines = benchLines(
    result({
      wirelogStatus: 'missing',
      tools: { tcpdump: rates(0.5) },
      wirelogCpuToTcpdump: null,
      filterDeltaUsPerPacket: null,
    }),
  );
  t.ok(lines.includes('bench tool name=wirelog status=missing'));
  t.notOk(lines.some((line) => line.startsWith('bench ratio') || line.startsWith('bench filter')));
});

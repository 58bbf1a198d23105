import t from 'tap';

import {
  DEFAULT_FILTER,
  DEFAULT_RUNS,
  DEFAULT_TARGET_PACKETS,
  parseBenchOptions,
} from '../../../scripts/bench/bench-options.js';

const root = '/repo';

t.test('options: defaults put the capture and results under .bench', async (t) => {
  const options = parseBenchOptions([], {}, root);
  t.equal(options.capture, '/repo/.bench/bench.pcap');
  t.equal(options.resultFile, '/repo/.bench/last.json');
  t.equal(options.wirelogEntry, '/repo/bin/wirelog.js');
  t.equal(options.runs, DEFAULT_RUNS);
  t.equal(options.targetPackets, DEFAULT_TARGET_PACKETS);
  t.equal(options.filterExpression, DEFAULT_FILTER);
});

t.test('options: a flag wins over the environment, which wins over the default', async (t) => {
  const env = { WIRELOG_BENCH_RUNS: '7', WIRELOG_BENCH_PACKETS: '5000' };
  t.equal(parseBenchOptions([], env, root).runs, 7);
  t.equal(parseBenchOptions(['--runs', '2'], env, root).runs, 2);
  t.equal(parseBenchOptions([], env, root).targetPackets, 5000);
  t.equal(parseBenchOptions(['--capture', 'x.pcap'], {}, root).capture, '/repo/x.pcap');
});

t.test('options: zero, fractional or unknown values are refused', async (t) => {
  t.throws(() => parseBenchOptions(['--runs', '0'], {}, root), RangeError);
  t.throws(() => parseBenchOptions(['--packets', '1.5'], {}, root), RangeError);
  t.throws(() => parseBenchOptions(['--bogus'], {}, root));
});

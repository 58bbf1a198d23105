import t from 'tap';

import type { RunUsage } from '../../../scripts/bench/gnu-time.js';
import { median, summariseRuns } from '../../../scripts/bench/tool-measurement.js';

function usage(cpuSeconds: number, peakRssKib: number): RunUsage {
  return {
    cpuSeconds,
    userSeconds: cpuSeconds,
    sysSeconds: 0,
    wallSeconds: cpuSeconds * 2,
    peakRssKib,
    exitCode: 0,
    stderrTail: '',
  };
}

t.test('median: middle value of an odd count, mean of the middle two of an even', async (t) => {
  t.equal(median([5, 1, 3]), 3);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.equal(median([7]), 7);
  t.throws(() => median([]), RangeError);
});

t.test('runs: one disturbed run does not move the medians', async (t) => {
  const summary = summariseRuns('x', ['x'], [usage(1, 100), usage(9, 900), usage(1.2, 110)]);
  t.equal(summary.medianCpuSeconds, 1.2);
  t.equal(summary.medianWallSeconds, 2.4);
  t.equal(summary.medianPeakRssKib, 110);
});

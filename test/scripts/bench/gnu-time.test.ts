import t from 'tap';

import { hasGnuTime, parseGnuTime, timedRun } from '../../../scripts/bench/gnu-time.js';

t.test('gnu time: adds user and system seconds and keeps RSS and elapsed', async (t) => {
  const usage = parseGnuTime('1.25 0.50 81234 2.04\n', 0, '');
  t.equal(usage.cpuSeconds, 1.75);
  t.equal(usage.peakRssKib, 81234);
  t.equal(usage.wallSeconds, 2.04);
});

t.test('gnu time: reads the last line after an exit-status notice', async (t) => {
  const report = 'Command exited with non-zero status 3\n0.10 0.02 5000 0.20\n';
  const usage = parseGnuTime(report, 3, 'boom');
  t.equal(usage.exitCode, 3);
  t.equal(usage.userSeconds, 0.1);
  t.equal(usage.stderrTail, 'boom');
});

t.test('gnu time: a report without the four numbers is an error', async (t) => {
  t.throws(() => parseGnuTime('time: cannot run foo: No such file or directory\n', 127, ''));
  t.throws(() => parseGnuTime('', 0, ''));
});

const noGnuTime = hasGnuTime() ? false : 'GNU time (/usr/bin/time) is not installed';

t.test(
  'gnu time: measures the CPU time and exit status of a real child',
  { skip: noGnuTime },
  async (t) => {
    const busy = 'const end = Date.now() + 300; while (Date.now() < end); process.exit(4)';
    const usage = timedRun(process.execPath, ['-e', busy], process.cwd());
    t.equal(usage.exitCode, 4);
    t.ok(usage.cpuSeconds >= 0.2, `cpu ${usage.cpuSeconds} s covers the busy loop`);
    t.ok(usage.peakRssKib > 1000, 'a node child takes more than 1 MiB');
  },
);

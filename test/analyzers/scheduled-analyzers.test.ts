/**
 * Analyzers scheduled for announced connections (FTP data channels, DCC transfers) on the
 * analysis manager: the table's bound, the announcements whose time ran out, and the weird
 * when a live one has to go.
 */
import t from 'tap';

import { AnalysisManager } from '../../src/analyzers/analysis-manager.js';
import type { AnalyzerSpec } from '../../src/analyzers/analyzer.js';
import { EventBus, type CoreEvents } from '../../src/events/event-bus.js';
import { LogManager } from '../../src/logging/log-manager.js';
import { Connection } from '../../src/stages/connection.js';

const DATA: AnalyzerSpec = {
  name: 'DATA',
  script: 'base/protocols/data',
  transports: ['tcp'],
  // A port of its own too: a manager without any port or content analyzer attaches nothing.
  ports: { tcp: [7] },
  create: () => ({}),
};
const SERVER = Uint8Array.of(10, 0, 0, 2);
const TIMEOUT = 300;

function setup(maxScheduledAnalyzers: number) {
  const events = new EventBus<CoreEvents>();
  const weirds: [string, number, string | undefined][] = [];
  const reporter = {
    netWeird: (name: string, ts: number, addl?: string) => void weirds.push([name, ts, addl]),
    flowWeird: () => undefined,
    connWeird: () => undefined,
  };
  const manager = new AnalysisManager([DATA], events, new LogManager(), reporter, {
    maxReassemblyBytes: 1024,
    maxScheduledAnalyzers,
  });
  const applied: number[] = [];
  events.on('scheduled_analyzer_applied', (c) => void applied.push(c.respPort));
  const schedule = (port: number, now: number) =>
    manager.scheduleAnalyzer('10.0.0.2', port, 'tcp', 'DATA', now, TIMEOUT);
  /** A connection to `port` starting at `now`; whether it got the scheduled analyzer. */
  const connect = (port: number, now: number) => {
    const before = applied.length;
    const c = new Connection(
      'C',
      Uint8Array.of(10, 0, 0, 1),
      40000,
      SERVER,
      port,
      'tcp',
      6,
      4,
      now,
      300,
      0,
    );
    manager.newConnection(c);
    return applied.length > before;
  };
  return { schedule, connect, weirds };
}

t.test('a full table drops its oldest live announcement with a weird', async (t) => {
  const { schedule, connect, weirds } = setup(2);
  schedule(5001, 10);
  schedule(5002, 11);
  schedule(5003, 12);
  t.same(weirds, [['scheduled_analyzer_limit_reached', 12, 'DATA limit=2']]);
  t.same([connect(5001, 13), connect(5002, 13), connect(5003, 13)], [false, true, true]);
});

t.test('announcements whose time ran out make room without a weird', async (t) => {
  const { schedule, connect, weirds } = setup(2);
  schedule(5001, 10);
  schedule(5002, 11);
  schedule(5003, 10 + TIMEOUT + 1);
  schedule(5004, 11 + TIMEOUT + 1);
  t.same(weirds, [], 'both old ones had expired');
  t.same([connect(5003, 400), connect(5004, 400)], [true, true]);
});

t.test('announcing a known endpoint again takes no more room', async (t) => {
  const { schedule, connect, weirds } = setup(2);
  schedule(5001, 10);
  schedule(5002, 11);
  schedule(5001, 12);
  t.same(weirds, []);
  t.same([connect(5001, 13), connect(5002, 13)], [true, true]);
});

t.test('0 is no limit', async (t) => {
  const { schedule, connect, weirds } = setup(0);
  for (let port = 5000; port < 5100; port++) schedule(port, 10);
  t.same(weirds, []);
  t.ok(connect(5000, 11));
});

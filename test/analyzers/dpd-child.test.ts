/**
 * Violations of a child analyzer (TLS after a STARTTLS-like upgrade) and the per-analyzer
 * bound, on the analysis manager with made-up analyzers over UDP datagrams.
 */
import t from 'tap';

import { AnalysisManager } from '../../src/analyzers/analysis-manager.js';
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../../src/analyzers/analyzer.js';
import { DpdPolicy, DEFAULT_DPD_OPTIONS } from '../../src/analyzers/dpd/dpd-policy.js';
import { EventBus, type CoreEvents } from '../../src/events/event-bus.js';
import { LogManager } from '../../src/logging/log-manager.js';
import { Connection } from '../../src/stages/connection.js';

const text = (d: Uint8Array) => Buffer.from(d).toString('latin1');

/** Confirms on "ok", violates on anything else, and counts what it was fed. */
class Scripted implements Analyzer {
  fed = 0;
  constructor(private readonly ctx: AnalyzerContext) {}
  deliverPacket(_isOrig: boolean, data: Uint8Array): void {
    this.fed++;
    for (const word of text(data).split(' ')) {
      if (word === 'ok') this.ctx.confirm();
      else this.ctx.violation(`bad ${word}`, data);
    }
  }
}

function setup(options = DEFAULT_DPD_OPTIONS) {
  const made: Record<string, Scripted> = {};
  let child: Analyzer | undefined;
  const childSpec: AnalyzerSpec = {
    name: 'CHILD',
    script: 'base/protocols/child',
    transports: ['udp'],
    create: (ctx) => (made.child = new Scripted(ctx)),
  };
  const parentSpec: AnalyzerSpec = {
    name: 'PARENT',
    script: 'base/protocols/parent',
    transports: ['udp'],
    ports: { udp: [9999] },
    create: (ctx) => {
      const parent = new Scripted(ctx);
      made.parent = parent;
      // "up" hands every later datagram to the child, as an upgrade to TLS does.
      return {
        deliverPacket: (isOrig, data) => {
          if (child !== undefined) return child.deliverPacket?.(isOrig, data);
          if (text(data) === 'up') child = ctx.startChild('CHILD');
          else parent.deliverPacket(isOrig, data);
        },
        done: () => child?.done?.(),
      };
    },
  };
  const events = new EventBus<CoreEvents>();
  const weirds: string[] = [];
  const reporter = {
    netWeird: () => undefined,
    flowWeird: () => undefined,
    connWeird: (name: string) => weirds.push(name),
  };
  const failed: string[] = [];
  events.on('analyzer_failed', (_ts, _c, name, reason) => failed.push(`${name}: ${reason}`));
  const manager = new AnalysisManager(
    [parentSpec, childSpec],
    events,
    new LogManager(),
    reporter,
    undefined,
    new DpdPolicy(options),
  );
  const conn = new Connection(
    'Cdpd',
    Uint8Array.of(10, 0, 0, 1),
    5000,
    Uint8Array.of(10, 0, 0, 2),
    9999,
    'udp',
    17,
    4,
    0,
    60,
    0,
  );
  manager.newConnection(conn);
  const send = (s: string) => manager.deliverPacket(conn, true, Buffer.from(s, 'latin1'), 1);
  return { made, conn, send, failed, weirds };
}

t.test('a failing child loses its own service; the parent keeps its', async (t) => {
  const { made, conn, send, failed } = setup();
  send('ok');
  send('up');
  send('ok');
  t.same(conn.services, ['parent', 'child']);
  send('junk');
  t.same(conn.services, ['parent'], 'the child service is gone');
  t.same(failed, ['CHILD: bad junk']);
  t.same([...(conn.failedAnalyzers ?? [])], ['CHILD']);
  send('ok');
  t.equal(made.child.fed, 2, 'the child hears nothing after it was switched off');
});

t.test('violations of one datagram are answered after it, once per analyzer', async (t) => {
  const { made, conn, send, failed } = setup();
  send('ok x y');
  t.same(conn.services, [], 'confirmed and failed within the datagram');
  t.same(failed, ['PARENT: bad x', 'PARENT: bad y'], 'the second failure finds it gone');
  send('ok');
  t.equal(made.parent.fed, 1);
});

t.test('past max_analyzer_violations one weird, and the rest are dropped', async (t) => {
  const { send, failed, weirds, conn } = setup({
    ...DEFAULT_DPD_OPTIONS,
    maxAnalyzerViolations: 2,
    ignoreViolations: ['parent'],
  });
  send('ok a b c d');
  t.same(conn.services, ['parent'], 'an ignored analyzer stays');
  t.same(failed, [], 'ignored violations do not fail');
  t.same(weirds, ['too_many_analyzer_violations']);
});

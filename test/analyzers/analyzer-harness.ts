/**
 * Drives one protocol analyzer over crafted bytes with real log handlers, keeping records,
 * weirds and confirmations in memory.
 */
import type { Analyzer, AnalyzerContext } from '../../src/analyzers/analyzer.js';
import { EventBus, type CoreEvents } from '../../src/events/event-bus.js';
import type { ConnWeirdReporter } from '../../src/events/weird-reporter.js';
import { LogManager } from '../../src/logging/log-manager.js';
import type { LogRecord, LogStreamSpec } from '../../src/logging/log-stream.js';
import { Connection } from '../../src/stages/connection.js';

export interface Report {
  readonly name: string;
  readonly addl?: string;
}

export interface Harness<A extends Analyzer> {
  readonly analyzer: A;
  readonly events: EventBus<CoreEvents>;
  readonly logs: LogManager;
  readonly conn: Connection;
  /** Analyzer weirds, script weirds and violations (as `violation`), in order. */
  readonly weirds: Report[];
  readonly streams: Map<string, LogStreamSpec>;
  confirmed: number;
  send(isOrig: boolean, data: string | Uint8Array): void;
  /** Both directions end and the connection is removed. */
  close(): void;
  rows(path: string): LogRecord[];
}

export interface HarnessSetup<A extends Analyzer> {
  /** Registers the log handlers under test. */
  register(events: EventBus<CoreEvents>, logs: LogManager, weirds: ConnWeirdReporter): void;
  create(ctx: AnalyzerContext): A;
  respPort: number;
  /** A child analyzer for `startChild`, if the test wants one. */
  child?: (name: string) => Analyzer | undefined;
}

export function harness<A extends Analyzer>(setup: HarnessSetup<A>): Harness<A> {
  const events = new EventBus<CoreEvents>();
  const logs = new LogManager();
  const records = new Map<string, LogRecord[]>();
  const streams = new Map<string, LogStreamSpec>();
  logs.addSink({
    openStream: () => undefined,
    write: (spec: LogStreamSpec, r: LogRecord) => {
      streams.set(spec.path, spec);
      records.set(spec.path, [...(records.get(spec.path) ?? []), r]);
      return true;
    },
    drain: async () => undefined,
    close: async () => undefined,
  });
  const weirds: Report[] = [];
  const reporter: ConnWeirdReporter = {
    netWeird: (name, _ts, addl) => weirds.push({ name, addl }),
    flowWeird: () => undefined,
    connWeird: (name, _ts, _c, addl) => weirds.push({ name, addl }),
  };
  setup.register(events, logs, reporter);

  const conn = new Connection('CtestUid', Uint8Array.of(10, 0, 0, 1), 40000,
    Uint8Array.of(192, 0, 2, 1), setup.respPort, 'tcp', 6, 4, 1000, 300, 0);
  let time = 1000;
  const h = {
    events, logs, conn, weirds, streams, confirmed: 0,
  } as Partial<Harness<A>> & { confirmed: number };
  const ctx: AnalyzerContext = {
    conn, events, logs,
    now: () => time,
    confirm: () => (h.confirmed += 1),
    violation: (reason) => weirds.push({ name: 'violation', addl: reason }),
    weird: (name, addl) => weirds.push({ name, addl }),
    partial: () => conn.markPartial(),
    flipRoles: () => conn.flipRoles(),
    schedule: () => undefined,
    expire: () => undefined,
    startChild: (name) => setup.child?.(name),
    scheduleAnalyzer: () => undefined,
  };
  const analyzer = setup.create(ctx);
  return Object.assign(h, {
    analyzer,
    send: (isOrig: boolean, data: string | Uint8Array) => {
      time += 0.001;
      analyzer.deliverStream?.(isOrig, typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
    },
    close: () => {
      analyzer.endOfData?.(true);
      analyzer.endOfData?.(false);
      analyzer.done?.();
      events.emit('connection_state_remove', conn);
    },
    rows: (path: string) => records.get(path) ?? [],
  }) as Harness<A>;
}

/** A log value as text, for comparisons. */
export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v);
}

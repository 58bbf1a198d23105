/**
 * Drives the QUIC analyzer over crafted datagrams with the real quic.log and ssl.log handlers,
 * keeping records, weirds, violations and confirmations in memory.
 */
import type { AnalyzerContext } from '../../../src/analyzers/analyzer.js';
import { QuicAnalyzer } from '../../../src/analyzers/quic/quic-analyzer.js';
import { registerQuicLog } from '../../../src/analyzers/quic/quic-log.js';
import {
  DEFAULT_QUIC_ANALYZER_OPTIONS, DEFAULT_QUIC_LOG_OPTIONS, type QuicAnalyzerOptions,
  type QuicLogOptions,
} from '../../../src/analyzers/quic/quic-options.js';
import { registerSslLog } from '../../../src/analyzers/ssl/ssl-log.js';
import { EventBus, type CoreEvents } from '../../../src/events/event-bus.js';
import type { ConnWeirdReporter } from '../../../src/events/weird-reporter.js';
import { LogManager } from '../../../src/logging/log-manager.js';
import type { LogRecord } from '../../../src/logging/log-stream.js';
import { Connection } from '../../../src/stages/connection.js';

export interface Report {
  readonly name: string;
  readonly addl?: string;
}

export interface QuicHarness {
  readonly events: EventBus<CoreEvents>;
  readonly conn: Connection;
  /** Weirds (analyzer and script) and violations (named `violation`), in order. */
  readonly weirds: Report[];
  confirmed: number;
  send(isOrig: boolean, datagram: Uint8Array): void;
  /** The connection is removed: pending rows are written. */
  close(): void;
  rows(path: string): LogRecord[];
  /** Every raise of `name`, from now on. */
  collect<K extends keyof CoreEvents>(name: K): CoreEvents[K][];
}

export function quicHarness(
  options: Partial<QuicAnalyzerOptions> = {}, logOptions: QuicLogOptions = DEFAULT_QUIC_LOG_OPTIONS,
): QuicHarness {
  const events = new EventBus<CoreEvents>();
  const logs = new LogManager();
  const records = new Map<string, LogRecord[]>();
  logs.addSink({
    openStream: () => undefined,
    write: (spec, r) => {
      records.set(spec.path, [...(records.get(spec.path) ?? []), r]);
      return true;
    },
    drain: async () => undefined,
    close: async () => undefined,
  });
  const weirds: Report[] = [];
  const reporter: ConnWeirdReporter = {
    netWeird: (name, _ts, addl) => void weirds.push({ name, addl }),
    flowWeird: () => undefined,
    connWeird: (name, _ts, _c, addl) => void weirds.push({ name, addl }),
  };
  registerQuicLog(events, logs, reporter, logOptions);
  registerSslLog(events, logs);

  const conn = new Connection('CQuicTest', Uint8Array.of(10, 0, 0, 1), 50000,
    Uint8Array.of(192, 0, 2, 1), 443, 'udp', 17, 4, 1000, 60, 0);
  const h = { events, conn, weirds, confirmed: 0 } as QuicHarness;
  const ctx: AnalyzerContext = {
    conn, events, logs,
    now: () => 1000,
    confirm: () => void h.confirmed++,
    violation: (reason) => void weirds.push({ name: 'violation', addl: reason }),
    weird: (name, addl) => void weirds.push({ name, addl }),
    partial: () => conn.markPartial(),
    flipRoles: () => conn.flipRoles(),
    schedule: () => undefined,
    expire: () => undefined,
    scheduleAnalyzer: () => undefined,
    startChild: () => undefined,
  };
  const analyzer = new QuicAnalyzer(ctx, { ...DEFAULT_QUIC_ANALYZER_OPTIONS, ...options });
  return Object.assign(h, {
    send: (isOrig: boolean, datagram: Uint8Array) => analyzer.deliverPacket(isOrig, datagram),
    close: () => events.emit('connection_state_remove', conn),
    rows: (path: string) => records.get(path) ?? [],
    collect: <K extends keyof CoreEvents>(name: K) => {
      const seen: CoreEvents[K][] = [];
      events.on(name, ((...args: CoreEvents[K]) => void seen.push(args)) as never);
      return seen;
    },
  });
}

/** A log value as text, for comparisons. */
export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v);
}

/**
 * A stand-in for the analysis manager in analyzer unit tests: one connection, a real event bus,
 * and records of what the analyzer did (confirmations, violations, weirds, scheduled and child
 * analyzers).
 */
import type {
  Analyzer, AnalyzerContext, AnalyzerSpec, Transport,
} from '../../src/analyzers/analyzer.js';
import { EventBus, type CoreEvents } from '../../src/events/event-bus.js';
import { LogManager } from '../../src/logging/log-manager.js';
import { Connection, type TransportProto } from '../../src/stages/connection.js';

export interface Harness {
  readonly conn: Connection;
  readonly events: EventBus<CoreEvents>;
  readonly analyzer: Analyzer;
  confirmed: number;
  readonly violations: string[];
  readonly weirds: string[];
  readonly scheduled: {
    addr: string; port: number; transport: Transport; name: string; timeout: number;
  }[];
  readonly children: string[];
  now: number;
}

export function ipv4(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

export function connection(
  proto: TransportProto, orig: string, origPort: number, resp: string, respPort: number,
): Connection {
  const ipProto = proto === 'tcp' ? 6 : 17;
  return new Connection('CTest1', ipv4(orig), origPort, ipv4(resp), respPort, proto, ipProto, 4,
    1000, 60, 0);
}

export function harness(
  spec: AnalyzerSpec, conn: Connection, children: Record<string, Analyzer> = {},
): Harness {
  const h = {
    conn, events: new EventBus<CoreEvents>(), confirmed: 0, violations: [] as string[],
    weirds: [] as string[], scheduled: [] as Harness['scheduled'], children: [] as string[],
    now: 1000,
  } as Harness & { analyzer: Analyzer };
  const ctx: AnalyzerContext = {
    conn, events: h.events, logs: new LogManager(),
    now: () => h.now,
    confirm: () => void h.confirmed++,
    violation: (reason) => void h.violations.push(reason),
    weird: (name) => void h.weirds.push(name),
    partial: () => conn.markPartial(),
    flipRoles: () => {
      conn.flipRoles();
      h.events.emit('connection_flipped', conn);
    },
    schedule: () => {},
    expire: () => {},
    scheduleAnalyzer: (addr, port, transport, name, timeout) =>
      void h.scheduled.push({ addr, port, transport, name, timeout }),
    startChild: (name) => {
      h.children.push(name);
      return children[name];
    },
  };
  h.analyzer = spec.create(ctx);
  return h;
}

/** Collects the arguments of every raise of `name`. */
export function collect<K extends keyof CoreEvents>(h: Harness, name: K): CoreEvents[K][] {
  const seen: CoreEvents[K][] = [];
  h.events.on(name, ((...args: CoreEvents[K]) => void seen.push(args)) as never);
  return seen;
}

/** Bytes from a hex dump; whitespace and `|` are ignored. */
export function hex(dump: string): Uint8Array {
  return Uint8Array.from(Buffer.from(dump.replace(/[\s|]/g, ''), 'hex'));
}

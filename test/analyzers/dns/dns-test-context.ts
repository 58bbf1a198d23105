/** A DNS analyzer's surroundings for unit tests: a real event bus, recorded side effects. */
import type { AnalyzerContext } from '../../../src/analyzers/analyzer.js';
import { registerDnsLog } from '../../../src/analyzers/dns/dns-log.js';
import { DEFAULT_DNS_LIMITS, type DnsLimits } from '../../../src/analyzers/dns/dns-limits.js';
import { EventBus, type CoreEvents } from '../../../src/events/event-bus.js';
import type { LogRecord } from '../../../src/logging/log-stream.js';
import type { LogManager } from '../../../src/logging/log-manager.js';
import { Connection } from '../../../src/stages/connection.js';

export interface TestContext extends AnalyzerContext {
  readonly weirds: { name: string; addl?: string }[];
  readonly violations: string[];
  readonly rows: LogRecord[];
  confirmed: number;
  flips: number;
  time: number;
  readonly timers: { due: number; fire: (now: number) => void }[];
  expired: boolean;
}

/** A UDP (or TCP) connection 10.0.0.1:33333 -> 10.0.0.2:`respPort`. */
export function testConnection(respPort = 53, proto: 'udp' | 'tcp' = 'udp', resp = [10, 0, 0, 2]) {
  return new Connection('CTest', Uint8Array.of(10, 0, 0, 1), 33333, Uint8Array.from(resp),
    respPort, proto, proto === 'udp' ? 17 : 6, 4, 1000, 60, 0);
}

/** A context whose dns.log rows land in `rows` (with the built-in dns.log handlers). */
export function testContext(conn = testConnection(), limits: DnsLimits = DEFAULT_DNS_LIMITS) {
  const events = new EventBus<CoreEvents>();
  const rows: LogRecord[] = [];
  const logs = { createStream: () => {}, write: (_p: string, r: LogRecord) => rows.push(r) };
  registerDnsLog(events, logs as unknown as LogManager, limits);
  const ctx: TestContext = {
    conn, events, logs: logs as unknown as LogManager, weirds: [], violations: [], rows,
    confirmed: 0, flips: 0, time: 1000, timers: [], expired: false,
    now: () => ctx.time,
    confirm: () => void ctx.confirmed++,
    violation: (reason) => void ctx.violations.push(reason),
    weird: (name, addl) => void ctx.weirds.push({ name, addl }),
    partial: () => conn.markPartial(),
    flipRoles: () => {
      ctx.flips++;
      conn.flipRoles();
    },
    schedule: (due, fire) => void ctx.timers.push({ due, fire }),
    expire: () => void (ctx.expired = true),
    scheduleAnalyzer: () => undefined,
    startChild: () => undefined,
  };
  return ctx;
}

/** Bytes from a hex dump (whitespace ignored). */
export function hex(dump: string): Uint8Array {
  return Uint8Array.from(Buffer.from(dump.replace(/\s+/g, ''), 'hex'));
}

export function weirdNames(ctx: TestContext): string[] {
  return ctx.weirds.map((w) => w.name);
}

/** A real event bus and connection behind a minimal analyzer context, for SSL unit tests. */
import type { AnalyzerContext } from '../../../src/analyzers/analyzer.js';
import { EventBus, type CoreEvents } from '../../../src/events/event-bus.js';
import { LogManager } from '../../../src/logging/log-manager.js';
import { Connection } from '../../../src/stages/connection.js';

export interface TestContext {
  readonly ctx: AnalyzerContext;
  readonly events: EventBus<CoreEvents>;
  readonly weirds: string[];
  readonly violations: string[];
  confirmed: number;
}

export function testContext(): TestContext {
  const events = new EventBus<CoreEvents>();
  const conn = new Connection('CtestUid', new Uint8Array([10, 0, 0, 1]), 50000,
    new Uint8Array([10, 0, 0, 2]), 443, 'tcp', 6, 4, 1000, 300, 0);
  const t: TestContext = {
    events, weirds: [], violations: [], confirmed: 0,
    ctx: {
      conn, events, logs: new LogManager(),
      now: () => 1000,
      confirm: () => void t.confirmed++,
      violation: (reason) => void t.violations.push(reason),
      weird: (name) => void t.weirds.push(name),
      partial: () => undefined,
      flipRoles: () => conn.flipRoles(),
      schedule: () => undefined,
      expire: () => undefined,
      scheduleAnalyzer: () => undefined,
      startChild: () => undefined,
    },
  };
  return t;
}

/** Concatenates hex fragments (whitespace and `|` ignored) into bytes. */
export function hex(...parts: string[]): Uint8Array {
  return new Uint8Array(Buffer.from(parts.join('').replace(/[\s|]/g, ''), 'hex'));
}

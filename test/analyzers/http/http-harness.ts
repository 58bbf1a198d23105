/**
 * Drives one HttpAnalyzer over crafted bytes with the real http.log and files.log handlers, and
 * keeps the records and weirds in memory.
 */
import type { AnalyzerContext } from '../../../src/analyzers/analyzer.js';
import { LocalNetworks } from '../../../src/analyzers/conn/local-networks.js';
import {
  DEFAULT_FILE_OPTIONS,
  type FileOptions,
} from '../../../src/analyzers/files/file-options.js';
import type { FileManager } from '../../../src/analyzers/files/file-manager.js';
import { registerFilesLog } from '../../../src/analyzers/files/files-log.js';
import { HttpAnalyzer } from '../../../src/analyzers/http/http-analyzer.js';
import { registerHttpLog } from '../../../src/analyzers/http/http-log.js';
import { DEFAULT_HTTP_OPTIONS, type HttpOptions } from '../../../src/analyzers/http/http-options.js';
import { EventBus, type CoreEvents } from '../../../src/events/event-bus.js';
import { LogManager } from '../../../src/logging/log-manager.js';
import type { LogRecord, LogStreamSpec } from '../../../src/logging/log-stream.js';
import { UidGenerator } from '../../../src/stages/conn-uid.js';
import { Connection } from '../../../src/stages/connection.js';

export interface Harness {
  readonly analyzer: HttpAnalyzer;
  readonly events: EventBus<CoreEvents>;
  readonly records: Map<string, LogRecord[]>;
  readonly weirds: { name: string; addl?: string }[];
  readonly conn: Connection;
  /** The files framework of this harness (its timers run only when a test says so). */
  readonly files: FileManager;
  /** Client bytes, then server bytes, ... as `[isOrig, text or bytes]`. */
  send(isOrig: boolean, data: string | Uint8Array): void;
  /** Both directions end and the connection is removed. */
  close(): void;
  rows(path: string): LogRecord[];
  /** Another connection between the same hosts, from `clientPort`, on the same event bus. */
  another(clientPort: number): Pick<Harness, 'analyzer' | 'conn' | 'send' | 'close'>;
}

export function httpHarness(
  options: Partial<HttpOptions> = {}, fileOptions: Partial<FileOptions> = {},
): Harness {
  const events = new EventBus<CoreEvents>();
  const logs = new LogManager();
  const records = new Map<string, LogRecord[]>();
  logs.addSink({
    openStream: () => undefined,
    write: (spec: LogStreamSpec, r: LogRecord) => {
      records.set(spec.path, [...(records.get(spec.path) ?? []), r]);
      return true;
    },
    drain: async () => undefined,
    close: async () => undefined,
  });
  const weirds: { name: string; addl?: string }[] = [];
  const reporter = {
    netWeird: () => undefined,
    flowWeird: () => undefined,
    connWeird: (name: string, _ts: number, _c: unknown, addl?: string) => weirds.push({ name, addl }),
  };
  const files = registerFilesLog(events, logs, new LocalNetworks([]), new UidGenerator(7),
    { ...DEFAULT_FILE_OPTIONS, ...fileOptions });
  registerHttpLog(events, logs, reporter, { ...DEFAULT_HTTP_OPTIONS, ...options });

  let time = 1000;
  const open = (uid: string, clientPort: number) => {
    const conn = new Connection(uid, Uint8Array.of(10, 0, 0, 1), clientPort,
      Uint8Array.of(10, 0, 0, 2), 80, 'tcp', 6, 4, 1000, 300, 0);
    const analyzer = new HttpAnalyzer(context(conn), { ...DEFAULT_HTTP_OPTIONS, ...options });
    return {
      analyzer, conn,
      send: (isOrig: boolean, data: string | Uint8Array) => {
        time += 0.001;
        const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
        analyzer.deliverStream(isOrig, bytes);
      },
      close: () => {
        analyzer.endOfData(true);
        analyzer.endOfData(false);
        analyzer.done();
        events.emit('connection_state_remove', conn);
      },
    };
  };
  const context = (conn: Connection): AnalyzerContext => ({
    conn, events, logs,
    now: () => time,
    confirm: () => undefined,
    violation: (reason) => weirds.push({ name: 'violation', addl: reason }),
    weird: (name, addl) => weirds.push({ name, addl }),
    partial: () => conn.markPartial(),
    flipRoles: () => conn.flipRoles(),
    schedule: () => undefined,
    expire: () => undefined,
    scheduleAnalyzer: () => undefined,
    startChild: () => undefined,
  });
  return {
    ...open('CtestUid', 40000), events, records, weirds, files,
    rows: (path) => records.get(path) ?? [],
    another: (clientPort) => open(`Ctest${clientPort}`, clientPort),
  };
}

/** A log value as text, for comparisons. */
export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v);
}

import type { LogRecord, LogStreamSpec } from '../logging/log-stream.js';

/**
 * Where log records go. The TSV and JSON file writers and the Kafka producer implement it.
 *
 * `write` is synchronous and never throws because of a record's content. A sink that cannot
 * keep up (a slow broker) returns false from `write`; the pipeline then awaits `drain()` before
 * it reads more packets, so a slow sink slows the source instead of growing memory.
 */
export interface LogSink {
  /** Called once per stream before its first record. */
  openStream(spec: LogStreamSpec): void;
  /** Accepts one record; false asks the caller to await `drain()` before writing more. */
  write(spec: LogStreamSpec, record: LogRecord): boolean;
  /** Resolves when the sink can take more records. */
  drain(): Promise<void>;
  /** Flushes everything and releases resources; rejects if records could not be delivered. */
  close(): Promise<void>;
}

/**
 * The registry of log streams and the fan-out of records to sinks. Handlers call `write`
 * synchronously; the pipeline awaits `drain()` between packet batches, so a sink that falls
 * behind slows packet reading instead of growing memory.
 */
import type { LogSink } from '../sinks/sink.js';
import type { LogRecord, LogStreamSpec } from './log-stream.js';

export class LogManager {
  private readonly streams = new Map<string, LogStreamSpec>();
  private readonly sinks: LogSink[] = [];
  private readonly counts = new Map<string, number>();
  private needsDrain = false;

  addSink(sink: LogSink): void {
    this.sinks.push(sink);
  }

  /** Declares a stream. Declaring the same path again replaces the declaration. */
  createStream(spec: LogStreamSpec): void {
    this.streams.set(spec.path, spec);
  }

  /** Replaces a declared stream's spec, e.g. to append columns; records must follow it. */
  stream(path: string): LogStreamSpec | undefined {
    return this.streams.get(path);
  }

  get declaredStreams(): readonly LogStreamSpec[] {
    return [...this.streams.values()];
  }

  /** Writes a record to every sink. Unknown paths are a programming error and throw. */
  write(path: string, record: LogRecord): void {
    const spec = this.streams.get(path);
    if (spec === undefined) throw new Error(`log stream '${path}' was never created`);
    this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
    for (const sink of this.sinks) {
      if (!sink.write(spec, record)) this.needsDrain = true;
    }
  }

  /** Records written so far, per stream. */
  get recordCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Resolves when every sink can take more; immediate when none asked to wait. */
  async drain(): Promise<void> {
    if (!this.needsDrain) return;
    this.needsDrain = false;
    await Promise.all(this.sinks.map((s) => s.drain()));
  }

  /** Closes every sink; rejects with the first failure after trying them all. */
  async close(): Promise<void> {
    const results = await Promise.allSettled(this.sinks.map((s) => s.close()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  }
}

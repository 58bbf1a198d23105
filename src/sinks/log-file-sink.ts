/**
 * Writes each log stream to `<dir>/<path>.log`, in Zeek's TSV format (with header and footer)
 * or as JSON lines. Writes are buffered and issued synchronously in large blocks: records come
 * from synchronous event handlers, and a block write costs far less than one per record.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import type { LogRecord, LogStreamSpec } from '../logging/log-stream.js';
import { renderJsonRecord, type JsonFormatOptions } from './json-format.js';
import type { LogSink } from './sink.js';
import { renderTsvFooter, renderTsvHeader, renderTsvRecord } from './tsv-format.js';

export type LogFileFormat = 'tsv' | 'json';

export interface LogFileSinkOptions {
  readonly dir: string;
  readonly format: LogFileFormat;
  readonly json?: JsonFormatOptions;
  /** Bytes buffered per file before a write is issued. */
  readonly flushBytes?: number;
  /** Clock for `#open`/`#close`; replaceable in tests. */
  readonly now?: () => Date;
}

const DEFAULT_FLUSH_BYTES = 256 * 1024;

interface OpenFile {
  readonly fd: number;
  pending: string[];
  pendingLength: number;
}

export class LogFileSink implements LogSink {
  private readonly files = new Map<string, OpenFile>();
  private readonly flushBytes: number;
  private readonly now: () => Date;

  constructor(private readonly options: LogFileSinkOptions) {
    this.flushBytes = options.flushBytes ?? DEFAULT_FLUSH_BYTES;
    this.now = options.now ?? (() => new Date());
    mkdirSync(options.dir, { recursive: true });
  }

  openStream(spec: LogStreamSpec): void {
    if (this.files.has(spec.path)) return;
    const fd = openSync(join(this.options.dir, `${spec.path}.log`), 'w');
    const file: OpenFile = { fd, pending: [], pendingLength: 0 };
    this.files.set(spec.path, file);
    if (this.options.format === 'tsv') this.append(file, renderTsvHeader(spec, this.now()));
  }

  write(spec: LogStreamSpec, record: LogRecord): boolean {
    let file = this.files.get(spec.path);
    if (file === undefined) {
      this.openStream(spec);
      file = this.files.get(spec.path)!;
    }
    const line = this.options.format === 'tsv'
      ? renderTsvRecord(spec, record)
      : renderJsonRecord(spec, record, this.options.json);
    this.append(file, line + '\n');
    return true;
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    for (const file of this.files.values()) {
      if (this.options.format === 'tsv') file.pending.push(renderTsvFooter(this.now()));
      this.flush(file);
      closeSync(file.fd);
    }
    this.files.clear();
  }

  private append(file: OpenFile, text: string): void {
    file.pending.push(text);
    file.pendingLength += text.length;
    if (file.pendingLength >= this.flushBytes) this.flush(file);
  }

  private flush(file: OpenFile): void {
    if (file.pending.length === 0) return;
    writeSync(file.fd, Buffer.from(file.pending.join(''), 'latin1'));
    file.pending = [];
    file.pendingLength = 0;
  }
}

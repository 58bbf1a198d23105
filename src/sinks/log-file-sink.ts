/**
 * Writes each log stream to `<dir>/<path>.log`, in Zeek's TSV format (with header and footer)
 * or as JSON lines. Writes are buffered and issued synchronously in large blocks: records come
 * from synchronous event handlers, and a block write costs far less than one per record. TSV
 * records are written into the block as bytes, without an intermediate string per record.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import type { LogRecord, LogStreamSpec } from '../logging/log-stream.js';
import { renderJsonRecord, type JsonFormatOptions } from './json-format.js';
import { OutputBuffer } from './output-buffer.js';
import { OutputError, systemReason } from './output-error.js';
import { createLogFolder } from './log-folder.js';
import type { LogSink } from './sink.js';
import { renderTsvFooter, renderTsvHeader } from './tsv-format.js';
import { writeTsvRecord } from './tsv-record-writer.js';

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
/** Room past `flushBytes` so the record that crosses it rarely makes the buffer grow. */
const RECORD_ROOM_BYTES = 16 * 1024;
const NEWLINE = 0x0a;

interface OpenFile {
  readonly path: string;
  readonly fd: number;
  /** Bytes not written yet; written once they reach `flushBytes`, and at close. */
  readonly pending: OutputBuffer;
}

export class LogFileSink implements LogSink {
  private readonly files = new Map<string, OpenFile>();
  private readonly flushBytes: number;
  private readonly now: () => Date;

  constructor(private readonly options: LogFileSinkOptions) {
    this.flushBytes = options.flushBytes ?? DEFAULT_FLUSH_BYTES;
    this.now = options.now ?? (() => new Date());
    createLogFolder(options.dir);
  }

  openStream(spec: LogStreamSpec): void {
    if (this.files.has(spec.path)) return;
    const path = join(this.options.dir, `${spec.path}.log`);
    const fd = openLogFile(path);
    const file: OpenFile = {
      path,
      fd,
      pending: new OutputBuffer(this.flushBytes + RECORD_ROOM_BYTES),
    };
    this.files.set(spec.path, file);
    if (this.options.format === 'tsv') file.pending.text(renderTsvHeader(spec, this.now()));
  }

  write(spec: LogStreamSpec, record: LogRecord): boolean {
    let file = this.files.get(spec.path);
    if (file === undefined) {
      this.openStream(spec);
      file = this.files.get(spec.path)!;
    }
    if (this.options.format === 'tsv') {
      writeTsvRecord(file.pending, spec, record);
    } else {
      file.pending.text(renderJsonRecord(spec, record, this.options.json));
      file.pending.byte(NEWLINE);
    }
    if (file.pending.length >= this.flushBytes) this.flush(file);
    return true;
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    for (const file of this.files.values()) {
      if (this.options.format === 'tsv') file.pending.text(renderTsvFooter(this.now()));
      this.flush(file);
      closeSync(file.fd);
    }
    this.files.clear();
  }

  private flush(file: OpenFile): void {
    const pending = file.pending;
    try {
      for (let done = 0; done < pending.length;) {
        done += writeSync(file.fd, pending.bytes, done);
      }
    } catch (err) {
      const message = `cannot write log file ${file.path}: ${systemReason(err)}`;
      throw new OutputError(file.path, message, { cause: err });
    }
    pending.clear();
  }
}

function openLogFile(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (err) {
    throw new OutputError(path, `cannot create log file ${path}: ${systemReason(err)}`, {
      cause: err,
    });
  }
}

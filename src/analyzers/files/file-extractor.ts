/**
 * Writes a file's bytes to disk as they arrive, up to a size limit, as Zeek's extract
 * analyzer does. Writes are synchronous and positioned (extraction is opt-in and meant for
 * low-rate files); descriptors come from a bounded pool shared by all files, so many files
 * open at once cannot exhaust them. An I/O error ends extraction for that file only and is
 * reported through `onError`. As in Zeek, `extracted_size` is set only when the limit cuts the
 * copy off (to the limit); `extracted_cutoff` says whether it did.
 */
import { ftruncateSync, mkdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import type { ExtractDescriptors } from './extract-descriptors.js';
import type { FileState } from './file-state.js';

/** A failed step of extraction: what was attempted, on which path, and the system's reason. */
export interface ExtractionError {
  readonly operation: 'open' | 'write' | 'close';
  readonly path: string;
  /** The system error code (`ENOSPC`, `EFBIG` ...), when there is one. */
  readonly code: string | undefined;
  readonly message: string;
}

export class FileExtractor {
  private readonly path: string;
  /** Extraction goes on (no error, no cutoff, not closed). */
  private active = false;
  /** Offset of the next byte in the copy: bytes written plus holes skipped. */
  private position = 0;
  /** Size the copy really has on disk. */
  private diskSize = 0;

  constructor(
    private readonly file: FileState,
    dir: string,
    /** Most bytes written (0: no limit). */
    private readonly limit: number,
    private readonly descriptors: ExtractDescriptors,
    private readonly onError: (error: ExtractionError) => void,
  ) {
    const name = `extract-${file.ts.toFixed(6)}-${file.source}-${file.id}`;
    this.path = join(dir, name);
    // As Zeek's extract script, the name is logged even when the copy cannot be created.
    file.extracted = name;
    file.extractedCutoff = false;
    file.analyzers.add('EXTRACT');
    try {
      mkdirSync(dir, { recursive: true });
      descriptors.get(this.path, true);
      this.active = true;
    } catch (err) {
      this.fail('open', err);
    }
  }

  /** Appends `bytes`; past the limit the rest is cut off and `extracted_cutoff` is set. */
  write(bytes: Uint8Array): void {
    if (!this.active) return;
    const part = bytes.subarray(0, this.withinLimit(bytes.length));
    let done = 0;
    try {
      const fd = this.descriptors.get(this.path);
      while (done < part.length) {
        done += writeSync(fd, part, done, part.length - done, this.position + done);
      }
    } catch (err) {
      if (done > 0) this.diskSize = this.position + done;
      this.fail('write', err);
      return;
    }
    this.position += part.length;
    if (part.length > 0) this.diskSize = this.position;
    if (this.file.extractedCutoff) this.close();
  }

  /**
   * Bytes that were never seen are left as a hole (read back as zeros), so offsets in the copy
   * stay true; like Zeek's seek, this writes nothing, however large the gap. A hole that does
   * not fit under the limit ends extraction without moving on, as Zeek's extractor does.
   */
  skip(length: number): void {
    if (!this.active) return;
    if (this.limit !== 0 && this.position + length > this.limit) {
      this.file.extractedCutoff = true;
      this.file.extractedSize = this.limit;
      this.close();
      return;
    }
    this.position += length;
  }

  /** How many of `length` more bytes fit under the limit; fewer sets `extracted_cutoff`. */
  private withinLimit(length: number): number {
    if (this.limit === 0 || this.position + length <= this.limit) return length;
    this.file.extractedCutoff = true;
    this.file.extractedSize = this.limit;
    return Math.max(0, this.limit - this.position);
  }

  close(): void {
    if (!this.active) return;
    this.active = false;
    if (this.diskSize < this.position) {
      // A hole at the end has no byte written after it: the size makes it part of the copy.
      try {
        ftruncateSync(this.descriptors.get(this.path), this.position);
        this.diskSize = this.position;
      } catch (err) {
        this.fail('write', err);
      }
    }
    const err = this.descriptors.release(this.path);
    if (err !== undefined) this.fail('close', err);
  }

  /** Extraction of this file stops; the log shows what reached the disk. */
  private fail(operation: ExtractionError['operation'], err: unknown): void {
    this.active = false;
    this.descriptors.release(this.path);
    const e = err as NodeJS.ErrnoException;
    this.onError({ operation, path: this.path, code: e.code, message: e.message ?? String(err) });
  }
}

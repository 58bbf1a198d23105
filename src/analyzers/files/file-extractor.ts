/**
 * Writes a file's bytes to disk as they arrive, up to a size limit, as Zeek's extract
 * analyzer does. Writes are synchronous: extraction is opt-in and meant for low-rate files;
 * an I/O error ends extraction for that file only and is reported once.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import type { FileState } from './file-state.js';

export class FileExtractor {
  private fd: number | undefined;
  /** Bytes of the file accounted for: written or skipped. */
  private written = 0;

  constructor(
    private readonly file: FileState,
    dir: string,
    /** Most bytes written (0: no limit). */
    private readonly limit: number,
    private readonly onError: (message: string) => void,
  ) {
    const name = `extract-${file.ts.toFixed(6)}-${file.source}-${file.id}`;
    try {
      mkdirSync(dir, { recursive: true });
      this.fd = openSync(join(dir, name), 'w');
      file.extracted = name;
      file.extractedCutoff = false;
      file.extractedSize = 0;
      file.analyzers.add('EXTRACT');
    } catch (err) {
      onError((err as Error).message);
    }
  }

  /** Appends `bytes`; past the limit the rest is cut off and `extracted_cutoff` is set. */
  write(bytes: Uint8Array): void {
    if (this.fd === undefined) return;
    this.writeAll(bytes.subarray(0, this.withinLimit(bytes.length)));
    if (this.file.extractedCutoff) this.close();
  }

  /**
   * Bytes that were never seen are left as a hole (read back as zeros), so offsets in the copy
   * stay true; like Zeek's seek, this writes nothing, however large the gap.
   */
  skip(length: number): void {
    if (this.fd === undefined) return;
    this.written += this.withinLimit(length);
    this.file.extractedSize = this.written;
    if (this.file.extractedCutoff) this.close();
  }

  /** How many of `length` more bytes fit under the limit; fewer sets `extracted_cutoff`. */
  private withinLimit(length: number): number {
    if (this.limit === 0 || this.written + length <= this.limit) return length;
    this.file.extractedCutoff = true;
    return this.limit - this.written;
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      // A hole at the end has no byte written after it: the size makes it part of the copy.
      ftruncateSync(this.fd, this.written);
    } catch (err) {
      this.onError((err as Error).message);
    }
    closeSync(this.fd);
    this.fd = undefined;
  }

  private writeAll(bytes: Uint8Array): void {
    try {
      let off = 0;
      while (off < bytes.length) {
        off += writeSync(this.fd!, bytes, off, bytes.length - off, this.written + off);
      }
      this.written += bytes.length;
      this.file.extractedSize = this.written;
    } catch (err) {
      this.onError((err as Error).message);
      closeSync(this.fd!);
      this.fd = undefined;
    }
  }
}

/**
 * Writes a file's bytes to disk as they arrive, up to a size limit, as Zeek's extract
 * analyzer does. Writes are synchronous: extraction is opt-in and meant for low-rate files;
 * an I/O error ends extraction for that file only and is reported once.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import type { FileState } from './file-state.js';

export class FileExtractor {
  private fd: number | undefined;
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
    let n = bytes.length;
    if (this.limit > 0 && this.written + n > this.limit) {
      n = this.limit - this.written;
      this.file.extractedCutoff = true;
    }
    this.writeAll(bytes.subarray(0, n));
    if (this.file.extractedCutoff) this.close();
  }

  /** Bytes that were never seen are written as zeros, so offsets in the copy stay true. */
  skip(length: number): void {
    this.write(new Uint8Array(length));
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private writeAll(bytes: Uint8Array): void {
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(this.fd!, bytes, off);
      this.written += bytes.length;
      this.file.extractedSize = this.written;
    } catch (err) {
      this.onError((err as Error).message);
      this.close();
    }
  }
}

/**
 * The descriptors of extracted copies, shared by all files of one file manager and bounded:
 * a file stays open as long as it is written to, and when more files are being extracted than
 * there are slots, the one written to least recently is closed (its next write opens it again).
 * However many files are open at once (ranges of a 206 reply stay open until they time out),
 * extraction holds at most `max` descriptors, so the logs can always open theirs.
 */
import { closeSync, openSync } from 'node:fs';

export const DEFAULT_MAX_EXTRACT_DESCRIPTORS = 32;

export class ExtractDescriptors {
  /** Open descriptors by path, least recently used first (a Map keeps insertion order). */
  private readonly open = new Map<string, number>();

  constructor(private readonly max = DEFAULT_MAX_EXTRACT_DESCRIPTORS) {}

  /** How many descriptors are open now. */
  get size(): number {
    return this.open.size;
  }

  /**
   * The descriptor of `path`: `create` makes it empty (a new copy), otherwise it is reopened
   * for writing where it is. Throws what the open throws.
   */
  get(path: string, create = false): number {
    const fd = this.open.get(path);
    if (fd !== undefined && !create) {
      this.open.delete(path);
      this.open.set(path, fd);
      return fd;
    }
    if (fd !== undefined) this.release(path);
    while (this.open.size >= Math.max(1, this.max)) {
      this.release(this.open.keys().next().value!);
    }
    const opened = openSync(path, create ? 'w' : 'r+');
    this.open.set(path, opened);
    return opened;
  }

  /** Closes `path`'s descriptor if open. Returns the close error, if any. */
  release(path: string): Error | undefined {
    const fd = this.open.get(path);
    if (fd === undefined) return undefined;
    this.open.delete(path);
    try {
      closeSync(fd);
      return undefined;
    } catch (err) {
      return err as Error;
    }
  }
}

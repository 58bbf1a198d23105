/**
 * Puts a file's bytes back in order when they arrive at offsets ahead of its stream (an HTTP
 * 206 range that starts inside the file, pieces sent out of order), as Zeek's FileReassembler
 * does. Blocks ahead of the stream are copied and held; once the stream reaches a block, it
 * and the blocks right after it are delivered. Flushing up to an offset turns the holes before
 * it into gaps. Where blocks overlap, the bytes that came first are kept.
 *
 * Bytes that continue a held block are appended to it (its buffer grows by doubling), so a
 * range sent in many small segments costs amortised O(1) per segment; other inserts find
 * their place by binary search.
 */
import { copyBytes } from '../../stages/copy-bytes.js';

/** Where the file's in-order stream goes. */
export interface FileStreamSink {
  /** Bytes at the stream's current end. */
  deliver(bytes: Uint8Array): void;
  /** `length` bytes at the stream's current end were never seen. */
  gap(length: number): void;
}

/** Held bytes `buf[0, length)` at file offset `offset`; `buf` may have room to grow. */
interface Block {
  readonly offset: number;
  buf: Uint8Array;
  length: number;
}

const endOf = (b: Block) => b.offset + b.length;

/**
 * Offsets at or past this are refused: beyond Number.MAX_SAFE_INTEGER, adding a length may not
 * change a number at all, and offset arithmetic would go wrong.
 */
export const MAX_FILE_OFFSET = Number.MAX_SAFE_INTEGER;

export class FileReassembler {
  /** Held blocks, sorted by offset, none overlapping, all ahead of `next`. */
  private readonly blocks: Block[] = [];
  private held = 0;

  constructor(
    private readonly sink: FileStreamSink,
    /** Offset the stream has reached: everything before it was delivered or counted missing. */
    private next: number,
  ) {}

  /** Bytes held, waiting for the stream to reach them. */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * `bytes` (a view that may not outlive the call) at file offset `offset`. Returns how many
   * of them were refused because they lie past MAX_FILE_OFFSET (0 normally).
   */
  insert(offset: number, bytes: Uint8Array): number {
    if (!Number.isSafeInteger(offset) || offset < 0) return bytes.length;
    let data = bytes.subarray(0, Math.max(0, Math.min(bytes.length, MAX_FILE_OFFSET - offset)));
    const refused = bytes.length - data.length;
    let start = offset;
    if (start < this.next) {
      // Bytes the stream already passed are old news.
      const old = this.next - start;
      if (old >= data.length) return refused;
      data = data.subarray(old);
      start = this.next;
    }
    if (start === this.next) {
      // In order: what comes before the first held block goes straight through, uncopied.
      const first = this.blocks[0];
      const direct = first === undefined ? data : data.subarray(0, first.offset - start);
      if (direct.length > 0) {
        this.next += direct.length;
        this.sink.deliver(direct);
        data = data.subarray(direct.length);
        start = this.next;
      }
    }

    let i = this.firstEndingAfter(start);
    while (data.length > 0) {
      const b = this.blocks[i];
      if (b === undefined || start + data.length <= b.offset) {
        this.hold(i, start, data);
        break;
      }
      if (start < b.offset) {
        const before = b.offset - start;
        i = this.hold(i, start, data.subarray(0, before));
        data = data.subarray(before);
        start = b.offset;
      }
      // What `b` already holds is kept; only the part past it can be new.
      const covered = Math.min(endOf(b), start + data.length) - start;
      data = data.subarray(covered);
      start += covered;
      i++;
    }
    this.deliverReady();
    return refused;
  }

  /**
   * Everything before `offset` is settled: held blocks before it are delivered, the holes
   * between them become gaps. Returns the bytes counted missing.
   */
  flushTo(offset: number): number {
    let missing = 0;
    while (this.blocks.length > 0 && this.blocks[0].offset < offset) {
      missing += this.skipTo(this.blocks[0].offset);
      this.deliverReady();
    }
    return missing + this.skipTo(offset);
  }

  /** Settles everything held (end of file, or the buffer grew too large). */
  flush(): number {
    const last = this.blocks.at(-1);
    return last === undefined ? 0 : this.flushTo(endOf(last));
  }

  /** Index of the first block ending after `offset` (blocks.length if none). */
  private firstEndingAfter(offset: number): number {
    const blocks = this.blocks;
    // The common case, a range arriving in order, lands at or past the last block.
    if (blocks.length === 0 || endOf(blocks[blocks.length - 1]) <= offset) return blocks.length;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (endOf(blocks[mid]) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private skipTo(offset: number): number {
    const length = offset - this.next;
    if (length <= 0) return 0;
    this.next = offset;
    this.sink.gap(length);
    return length;
  }

  /**
   * Holds a copy of `bytes` at `offset`, just before block `index`: appended to the block
   * before when it ends right there, else as a new block. Returns the index of the block
   * that now follows the bytes (the old block `index`).
   */
  private hold(index: number, offset: number, bytes: Uint8Array): number {
    this.held += bytes.length;
    const prev = index > 0 ? this.blocks[index - 1] : undefined;
    if (prev !== undefined && endOf(prev) === offset) {
      append(prev, bytes);
      return index;
    }
    this.blocks.splice(index, 0, { offset, buf: copyBytes(bytes), length: bytes.length });
    return index + 1;
  }

  private deliverReady(): void {
    while (this.blocks.length > 0 && this.blocks[0].offset === this.next) {
      const b = this.blocks.shift()!;
      this.held -= b.length;
      this.next = endOf(b);
      this.sink.deliver(b.buf.subarray(0, b.length));
    }
  }
}

/** Appends `bytes` to `b`, doubling its buffer when full. */
function append(b: Block, bytes: Uint8Array): void {
  const needed = b.length + bytes.length;
  if (needed > b.buf.length) {
    const grown = new Uint8Array(Math.max(needed, b.buf.length * 2));
    grown.set(b.buf.subarray(0, b.length));
    b.buf = grown;
  }
  b.buf.set(bytes, b.length);
  b.length = needed;
}

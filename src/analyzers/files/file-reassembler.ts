/**
 * Puts a file's bytes back in order when they arrive at offsets ahead of its stream (an HTTP
 * 206 range that starts inside the file, pieces sent out of order), as Zeek's FileReassembler
 * does. Blocks ahead of the stream are copied and held; once the stream reaches a block, it
 * and the blocks right after it are delivered. Flushing up to an offset turns the holes before
 * it into gaps. Where blocks overlap, the bytes that came first are kept.
 */
import { copyBytes } from '../../stages/copy-bytes.js';

/** Where the file's in-order stream goes. */
export interface FileStreamSink {
  /** Bytes at the stream's current end. */
  deliver(bytes: Uint8Array): void;
  /** `length` bytes at the stream's current end were never seen. */
  gap(length: number): void;
}

interface Block {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

const endOf = (b: Block) => b.offset + b.bytes.length;

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

  /** `bytes` (a view that may not outlive the call) at file offset `offset`. */
  insert(offset: number, bytes: Uint8Array): void {
    let start = offset;
    let data = bytes;
    if (start < this.next) {
      // Bytes the stream already passed are old news.
      const old = this.next - start;
      if (old >= data.length) return;
      data = data.subarray(old);
      start = this.next;
    }

    let i = 0;
    while (data.length > 0) {
      while (i < this.blocks.length && endOf(this.blocks[i]) <= start) i++;
      const b = this.blocks[i];
      if (b === undefined || start + data.length <= b.offset) {
        this.hold(i, start, data);
        break;
      }
      if (start < b.offset) {
        const before = b.offset - start;
        this.hold(i, start, data.subarray(0, before));
        i++;
        data = data.subarray(before);
        start = b.offset;
      }
      // What `b` already holds is kept; only the part past it can be new.
      const covered = Math.min(endOf(b), start + data.length) - start;
      data = data.subarray(covered);
      start += covered;
    }
    this.deliverReady();
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

  private skipTo(offset: number): number {
    const length = offset - this.next;
    if (length <= 0) return 0;
    this.next = offset;
    this.sink.gap(length);
    return length;
  }

  private hold(index: number, offset: number, bytes: Uint8Array): void {
    this.blocks.splice(index, 0, { offset, bytes: copyBytes(bytes) });
    this.held += bytes.length;
  }

  private deliverReady(): void {
    while (this.blocks.length > 0 && this.blocks[0].offset === this.next) {
      const b = this.blocks.shift()!;
      this.held -= b.bytes.length;
      this.next = endOf(b);
      this.sink.deliver(b.bytes);
    }
  }
}

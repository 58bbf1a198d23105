import type { BatchAssembler } from './batch-assembler.js';
import type { CaptureFormat } from './capture-format.js';

/**
 * Feeds a capture's chunks to its format parser so that every record is parsed whole.
 *
 * Records inside a chunk are parsed where they lie, and their packets point into the chunk.
 * A record cut by the end of a chunk is copied into a buffer of its own, completed from the
 * next chunk(s), and parsed from there: the only copy the reader makes.
 */
export class RecordSplitter {
  /** The start of a record that the last chunk cut off. */
  private carry: Buffer | undefined;
  /** Bytes of that record received so far. */
  private carried = 0;

  constructor(
    private readonly format: CaptureFormat,
    private readonly assembler: BatchAssembler,
  ) {}

  /** True once the parser met damage it cannot read past. */
  get stopped(): boolean {
    return this.format.stopped;
  }

  /** Parses the records in `chunk`, finishing the one the previous chunk cut off. */
  push(chunk: Buffer): void {
    let from = 0;
    if (this.carried > 0) from = this.completeCarry(chunk);
    if (this.format.stopped || from === chunk.length) return;

    this.assembler.use(chunk);
    const stop = this.format.parse(chunk, from, chunk.length);
    if (!this.format.stopped && stop < chunk.length) this.startCarry(chunk, stop);
  }

  /** At end of input: a record still waiting for bytes is a truncated one. */
  end(): void {
    if (this.carried === 0 || this.format.stopped || this.carry === undefined) return;

    const need = this.format.recordSize(this.carry, 0, this.carried);
    this.format.reportTruncated(this.carried, need);
  }

  /**
   * Copies bytes from `chunk` into the carried record until it is whole, then parses it.
   * Returns the bytes of `chunk` used.
   */
  private completeCarry(chunk: Buffer): number {
    let used = 0;
    while (this.carried > 0 && !this.format.stopped) {
      const need = this.format.recordSize(this.carry as Buffer, 0, this.carried);
      if (need <= this.carried) {
        this.parseCarried();
        continue;
      }
      if (used === chunk.length) break;

      const take = Math.min(need - this.carried, chunk.length - used);
      chunk.copy(this.reserve(need), this.carried, used, used + take);
      this.carried += take;
      used += take;
    }
    return used;
  }

  private parseCarried(): void {
    const record = (this.carry as Buffer).subarray(0, this.carried);
    this.carry = undefined;
    this.carried = 0;

    this.assembler.use(record);
    const stop = this.format.parse(record, 0, record.length);
    if (this.format.stopped || stop === record.length) return;
    if (stop === 0) throw new Error('capture parser consumed nothing of a whole record');
    this.startCarry(record, stop);
  }

  private startCarry(chunk: Buffer, at: number): void {
    const size = Math.max(this.format.recordSize(chunk, at, chunk.length), chunk.length - at);
    this.carry = Buffer.allocUnsafe(size);
    this.carried = chunk.copy(this.carry, 0, at);
  }

  /** The carry buffer, grown to `size` bytes if needed (a header told the record's length). */
  private reserve(size: number): Buffer {
    const carry = this.carry as Buffer;
    if (carry.length >= size) return carry;

    const grown = Buffer.allocUnsafe(size);
    carry.copy(grown, 0, 0, this.carried);
    this.carry = grown;
    return grown;
  }
}

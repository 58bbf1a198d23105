import type { PacketBatch } from './packet-batch.js';

/**
 * Space for reassembled datagrams inside a batch. Rows point at bytes through the `buf`
 * column, which can index only 256 Buffers, so datagrams share extra Buffers of
 * `arenaBytes` appended to `batch.buffers` instead of taking one each.
 */

/** Buffers a batch can index: `buf` is a Uint8Array column. */
const MAX_BATCH_BUFFERS = 256;

export class ReassemblyArena {
  private current: Buffer | null = null;
  private currentIndex = -1;
  private used = 0;
  /** Index into `batch.buffers` of the Buffer the last `reserve` placed bytes in. */
  bufIndex = -1;

  constructor(private readonly arenaBytes: number) {}

  /**
   * Reserves `n` bytes in a Buffer of `batch` and returns their offset in it (`bufIndex` names
   * the Buffer), or -1 when the batch cannot index another Buffer.
   */
  reserve(batch: PacketBatch, n: number): number {
    if (!this.fits(batch, n) && !this.startBuffer(batch, n)) return -1;

    const off = this.used;
    this.used += n;
    this.bufIndex = this.currentIndex;
    return off;
  }

  /** The Buffer of the last reservation. */
  get buffer(): Buffer {
    return this.current as Buffer;
  }

  /** The current arena belongs to this batch (batches may be reused) and has room. */
  private fits(batch: PacketBatch, n: number): boolean {
    return (
      this.current !== null &&
      batch.buffers[this.currentIndex] === this.current &&
      this.current.length - this.used >= n
    );
  }

  private startBuffer(batch: PacketBatch, n: number): boolean {
    if (batch.buffers.length >= MAX_BATCH_BUFFERS) return false;
    this.current = Buffer.alloc(Math.max(n, this.arenaBytes));
    this.currentIndex = batch.buffers.push(this.current) - 1;
    this.used = 0;
    return true;
  }
}

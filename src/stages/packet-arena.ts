/**
 * Storage for packets copied out of a buffer that is reused for every packet (the live
 * handle's). Packets are appended back to back into large chunks, so a batch references a few
 * chunks instead of one Buffer per packet; a chunk is shared by consecutive batches until it is
 * full and is freed once no batch references it any more.
 *
 * Ownership: bytes once written are never overwritten, so a batch may keep its views for as
 * long as it lives.
 */

/** Default chunk size: large enough that chunk changes are rare next to batch changes. */
export const DEFAULT_ARENA_CHUNK_BYTES = 1 << 20;

export class PacketArena {
  private chunk: Buffer = Buffer.alloc(0);
  private used = 0;

  constructor(
    /** Called with each new chunk before packets are copied into it. */
    private readonly onChunk: (chunk: Buffer) => void,
    private readonly chunkBytes: number = DEFAULT_ARENA_CHUNK_BYTES,
  ) {}

  /** Copies `src[0, length)` in; returns its offset within the chunk last passed to `onChunk`. */
  append(src: Buffer, length: number): number {
    if (this.used + length > this.chunk.length) this.nextChunk(length);

    const offset = this.used;
    src.copy(this.chunk, offset, 0, length);
    this.used += length;
    return offset;
  }

  private nextChunk(atLeast: number): void {
    // Uninitialised memory is fine: only the bytes of copied packets are ever read.
    this.chunk = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, atLeast));
    this.used = 0;
    this.onChunk(this.chunk);
  }
}

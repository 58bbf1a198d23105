import { PacketBatch } from './packet-batch.js';
import { MAX_BUFFERS_PER_BATCH } from './capture-limits.js';

const NO_BUFFER = Buffer.alloc(0);

/**
 * Fills `PacketBatch`es with the packets a capture parser finds, without an object per packet.
 *
 * The parser names the buffer it is reading with `use()`, then calls `add()` for each packet
 * inside it; the buffer joins a batch's `buffers` the first time one of its packets lands there.
 * Full batches wait in a queue until the source takes them with `takeReady()`.
 */
export class BatchAssembler {
  /** Packets added so far; also the frame number of the last one. */
  packets = 0;

  private batch: PacketBatch;
  private ready: PacketBatch[] = [];
  private buffer: Buffer = NO_BUFFER;
  /** Index of `buffer` in the current batch's `buffers`, or -1 when not registered yet. */
  private bufIndex = -1;

  constructor(private readonly batchSize: number) {
    this.batch = new PacketBatch(batchSize);
  }

  /** Names the buffer that the offsets of the following `add()` calls point into. */
  use(buffer: Buffer): void {
    this.buffer = buffer;
    this.bufIndex = -1;
  }

  /** Appends one packet that lies in the current buffer from `offset` for `caplen` bytes. */
  add(
    offset: number,
    caplen: number,
    wirelen: number,
    tsSec: number,
    tsNsec: number,
    linkType: number,
    ifIndex: number,
  ): void {
    if (this.bufIndex < 0) this.register();

    const frameNo = ++this.packets;
    this.batch.push(this.bufIndex, offset, caplen, wirelen, tsSec, tsNsec, linkType, ifIndex,
      frameNo);

    if (this.batch.isFull()) this.seal();
  }

  /** Closes the current batch if it holds packets, so `takeReady()` returns it. */
  seal(): void {
    if (this.batch.count === 0) return;

    this.ready.push(this.batch);
    this.batch = new PacketBatch(this.batchSize);
    this.bufIndex = -1;
  }

  /** The batches completed so far, oldest first; the assembler forgets them. */
  takeReady(): PacketBatch[] {
    const done = this.ready;
    this.ready = [];
    return done;
  }

  private register(): void {
    if (this.batch.buffers.length >= MAX_BUFFERS_PER_BATCH) this.seal();

    this.bufIndex = this.batch.buffers.push(this.buffer) - 1;
  }
}

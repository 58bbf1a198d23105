/**
 * Reassembly of one direction of a TCP connection into the in-order byte stream analyzers
 * read. Sequence numbers are relative (1 = first byte after the SYN). Segments ahead of the
 * stream are copied and held, bounded per direction; bytes the peer acknowledged but that were
 * never seen become a gap, reported once and skipped.
 */

/** Where reassembled bytes and gaps go. */
export interface StreamSink {
  data(chunk: Uint8Array): void;
  gap(seq: number, length: number): void;
  /** Overlapping retransmitted bytes that differ from what was delivered. */
  inconsistentOverlap(seq: number, length: number): void;
  /** Buffered bytes would exceed the limit: the held segments are dropped. */
  limitReached(buffered: number, limit: number): void;
}

interface Held {
  seq: number;
  bytes: Uint8Array;
}

/** Bytes kept of the delivered stream's tail, to compare retransmissions against. */
const OVERLAP_WINDOW = 2048;

export class TcpReassembler {
  /** Next relative sequence number the stream expects. */
  nextSeq = 1;
  private readonly held: Held[] = [];
  private heldBytes = 0;
  /** The tail of the delivered stream, for overlap checks. */
  private tail = new Uint8Array(0);

  constructor(
    private readonly sink: StreamSink,
    /** Most bytes held out of order in this direction (0: hold nothing). */
    private readonly maxHeldBytes: number,
  ) {}

  /** Starts the stream at `seq` when the handshake was not seen. */
  startAt(seq: number): void {
    this.nextSeq = seq;
  }

  /** A segment with payload `data` starting at relative sequence `seq`. */
  dataSent(seq: number, data: Uint8Array): void {
    const end = seq + data.length;
    if (end <= this.nextSeq) {
      this.checkOverlap(seq, data);
      return;
    }
    if (seq > this.nextSeq) {
      this.hold(seq, data);
      return;
    }
    if (seq < this.nextSeq) this.checkOverlap(seq, data.subarray(0, this.nextSeq - seq));
    this.deliver(data.subarray(this.nextSeq - seq));
    this.drainHeld();
  }

  /** The peer acknowledged everything before `ack`: what is still missing there is a gap. */
  ackReceived(ack: number): void {
    if (ack <= this.nextSeq) return;
    const firstHeld = this.held.length > 0 ? this.held[0].seq : Infinity;
    const gapEnd = Math.min(ack, firstHeld);
    if (gapEnd > this.nextSeq) this.skipTo(gapEnd);
    this.drainHeld();
  }

  /** End of the direction: everything still held is delivered after the gaps before it. */
  finish(): void {
    while (this.held.length > 0) {
      this.skipTo(this.held[0].seq);
      this.drainHeld();
    }
  }

  private skipTo(seq: number): void {
    this.sink.gap(this.nextSeq, seq - this.nextSeq);
    this.nextSeq = seq;
    this.tail = new Uint8Array(0);
  }

  private deliver(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.nextSeq += bytes.length;
    this.rememberTail(bytes);
    this.sink.data(bytes);
  }

  private drainHeld(): void {
    while (this.held.length > 0 && this.held[0].seq <= this.nextSeq) {
      const h = this.held.shift()!;
      this.heldBytes -= h.bytes.length;
      const skip = this.nextSeq - h.seq;
      if (skip < h.bytes.length) this.deliver(h.bytes.subarray(skip));
    }
  }

  /** Copies an out-of-order segment (the packet buffer does not outlive the batch). */
  private hold(seq: number, data: Uint8Array): void {
    if (this.heldBytes + data.length > this.maxHeldBytes) {
      this.sink.limitReached(this.heldBytes + data.length, this.maxHeldBytes);
      this.held.length = 0;
      this.heldBytes = 0;
      return;
    }
    let k = this.held.length;
    while (k > 0 && this.held[k - 1].seq > seq) k--;
    this.held.splice(k, 0, { seq, bytes: Uint8Array.from(data) });
    this.heldBytes += data.length;
  }

  private rememberTail(bytes: Uint8Array): void {
    if (bytes.length >= OVERLAP_WINDOW) {
      this.tail = Uint8Array.from(bytes.subarray(bytes.length - OVERLAP_WINDOW));
      return;
    }
    const keep = Math.min(this.tail.length, OVERLAP_WINDOW - bytes.length);
    const next = new Uint8Array(keep + bytes.length);
    next.set(this.tail.subarray(this.tail.length - keep));
    next.set(bytes, keep);
    this.tail = next;
  }

  /** Compares retransmitted bytes with the delivered ones still remembered. */
  private checkOverlap(seq: number, data: Uint8Array): void {
    const tailStart = this.nextSeq - this.tail.length;
    const from = Math.max(seq, tailStart);
    const to = Math.min(seq + data.length, this.nextSeq);
    for (let s = from; s < to; s++) {
      if (data[s - seq] !== this.tail[s - tailStart]) {
        this.sink.inconsistentOverlap(from, to - from);
        return;
      }
    }
  }
}

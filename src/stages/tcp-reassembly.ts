/**
 * Reassembly of one direction of a TCP connection into the in-order byte stream analyzers
 * read. Sequence numbers are relative (1 = first byte after the SYN). Segments ahead of the
 * stream are copied and held, bounded per direction; bytes the peer acknowledged but that were
 * never seen become a gap, reported once and skipped.
 */
import { copyBytes } from './copy-bytes.js';

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
/** First size of the ring; a power of two, like every size it grows to. */
const FIRST_TAIL_BYTES = 256;
const EMPTY = new Uint8Array(0);

export class TcpReassembler {
  /** Next relative sequence number the stream expects. */
  nextSeq = 1;
  private readonly held: Held[] = [];
  private heldBytes = 0;
  /**
   * The tail of the delivered stream, for overlap checks: a ring of the last `tailLength`
   * delivered bytes ending just before `tailEnd`. It starts small and grows to the window, so
   * short streams stay cheap and long ones copy each byte once instead of reallocating.
   */
  private tail: Uint8Array = EMPTY;
  private tailLength = 0;
  private tailEnd = 0;

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
    this.tailLength = 0;
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
    this.held.splice(k, 0, { seq, bytes: copyBytes(data) });
    this.heldBytes += data.length;
  }

  private rememberTail(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.tail.length < OVERLAP_WINDOW && this.tailLength + n > this.tail.length) {
      this.growTail(this.tailLength + n);
    }
    const ring = this.tail;
    const size = ring.length;
    if (n >= size) {
      ring.set(bytes.subarray(n - size));
      this.tailEnd = 0;
      this.tailLength = size;
      return;
    }
    const end = this.tailEnd;
    const first = Math.min(n, size - end);
    ring.set(first === n ? bytes : bytes.subarray(0, first), end);
    if (first < n) ring.set(bytes.subarray(first), 0);
    this.tailEnd = (end + n) & (size - 1);
    this.tailLength = Math.min(size, this.tailLength + n);
  }

  /** A larger ring (at most the window) holding the remembered bytes from its start. */
  private growTail(wanted: number): void {
    let size = Math.max(this.tail.length, FIRST_TAIL_BYTES);
    while (size < wanted && size < OVERLAP_WINDOW) size *= 2;
    const next = new Uint8Array(size);
    const old = this.tail;
    const len = this.tailLength;
    if (len > 0) {
      const start = (this.tailEnd - len + old.length) & (old.length - 1);
      const first = Math.min(len, old.length - start);
      next.set(old.subarray(start, start + first), 0);
      if (first < len) next.set(old.subarray(0, len - first), first);
    }
    this.tail = next;
    this.tailEnd = len & (size - 1);
  }

  /** Compares retransmitted bytes with the delivered ones still remembered. */
  private checkOverlap(seq: number, data: Uint8Array): void {
    const tailStart = this.nextSeq - this.tailLength;
    const from = Math.max(seq, tailStart);
    const to = Math.min(seq + data.length, this.nextSeq);
    if (from >= to) return;
    const ring = this.tail;
    const mask = ring.length - 1;
    // Ring index of the byte at `from`: `tailEnd` is where the byte at `nextSeq` would go.
    let at = (this.tailEnd - (this.nextSeq - from) + ring.length) & mask;
    for (let s = from; s < to; s++) {
      if (data[s - seq] !== ring[at]) {
        this.sink.inconsistentOverlap(from, to - from);
        return;
      }
      at = (at + 1) & mask;
    }
  }
}

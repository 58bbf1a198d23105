/**
 * One side of a TCP connection: its state, sequence space and the counters behind the
 * logarithmic history letters. Sequence arithmetic is modulo 2^32 with wrap counting, so sizes
 * stay right past 4 GiB.
 *
 * Absolute sequence numbers are unsigned 32-bit values, but each is stored as its signed 32-bit
 * twin and read back unsigned: V8 keeps such a field inside the object, whereas a field that
 * ever holds 2^31 or more becomes a separate boxed number in every endpoint, five per side.
 */

export type TcpEndpointState =
  | 'inactive'
  | 'syn_sent'
  | 'syn_ack_sent'
  | 'partial'
  | 'established'
  | 'closed'
  | 'reset';

const TWO_32 = 4294967296;

/** Signed distance from `b` to `a` in 32-bit sequence space. */
export function seqDelta(a: number, b: number): number {
  return (a - b) | 0;
}

export class TcpEndpoint {
  state: TcpEndpointState = 'inactive';
  prevState: TcpEndpointState = 'inactive';

  private startSeqBits = 0;
  private lastSeqBits = 0;
  private ackSeqBits = 0;
  private windowSeqBits = 0;
  private windowAckSeqBits = 0;

  seqWraps = 0;
  ackWraps = 0;

  finCount = 0;
  rstCount = 0;
  /** Relative sequence number just past this side's FIN. */
  finSeq = 0;
  didClose = false;

  /** Relative sequence numbers of the last SYN, FIN and RST, for repeated history letters. */
  histLastSyn = 0;
  histLastFin = 0;
  histLastRst = 0;

  windowScale = 0;
  window = 0;

  /** Counters and thresholds of the logarithmic letters C, T, W, G. */
  checksumCount = 0;
  checksumThreshold = 1;
  rexmitCount = 0;
  rexmitThreshold = 1;
  zeroWindowCount = 0;
  zeroWindowThreshold = 1;
  gapCount = 0;
  gapThreshold = 1;

  lastTime = 0;
  peer!: TcpEndpoint;

  constructor(public isOrig: boolean) {}

  get startSeq(): number {
    return this.startSeqBits >>> 0;
  }

  get lastSeq(): number {
    return this.lastSeqBits >>> 0;
  }

  /** Highest sequence number of this side's data that the peer acknowledged. */
  get ackSeq(): number {
    return this.ackSeqBits >>> 0;
  }

  /** Sequence and acknowledgement numbers of the segment that last set `window`. */
  get windowSeq(): number {
    return this.windowSeqBits >>> 0;
  }

  set windowSeq(seq: number) {
    this.windowSeqBits = seq | 0;
  }

  get windowAckSeq(): number {
    return this.windowAckSeqBits >>> 0;
  }

  set windowAckSeq(seq: number) {
    this.windowAckSeqBits = seq | 0;
  }

  setState(next: TcpEndpointState): void {
    if (next === this.state) return;
    this.prevState = this.state;
    this.state = next;
  }

  initStartSeq(seq: number): void {
    this.startSeqBits = seq | 0;
  }

  initLastSeq(seq: number): void {
    this.lastSeqBits = seq | 0;
  }

  initAckSeq(seq: number): void {
    this.ackSeqBits = seq | 0;
  }

  updateLastSeq(seq: number): void {
    seq >>>= 0;
    if (seq < this.lastSeq) this.seqWraps++;
    this.lastSeqBits = seq | 0;
  }

  updateAckSeq(seq: number): void {
    seq >>>= 0;
    if (seq < this.ackSeq) this.ackWraps++;
    this.ackSeqBits = seq | 0;
  }

  isActive(): boolean {
    return this.state !== 'inactive' && !this.didClose;
  }

  /** Whether the peer acknowledged nothing beyond this side's initial sequence number. */
  noDataAcked(): boolean {
    return this.ackSeq === this.startSeq || this.ackSeq === ((this.startSeq + 1) >>> 0);
  }

  /** Payload bytes sent, from sequence numbers: what conn.log reports as orig/resp_bytes. */
  size(): number {
    const abortedHalfOpen =
      this.prevState === 'syn_sent' && this.state === 'reset' &&
      this.peer.state === 'inactive' && !this.noDataAcked();
    if (abortedHalfOpen) return 0;

    const last = this.seqWraps * TWO_32 + this.lastSeq;
    const acked = this.ackWraps * TWO_32 + this.ackSeq;
    let size = (last > acked ? last : acked) - this.startSeq;
    if (size < 0) size += 2 ** 64;
    if (size !== 0) size--;
    if (this.finCount > 0 && size !== 0) size--;
    return size;
  }

  /** Set by `relativeSeq`: the number fell before the start of the sequence space. */
  underflow = false;

  /**
   * Sequence number relative to this side's start, accounting for wraps. Sets `underflow`
   * rather than returning a pair, so the per-packet path allocates nothing.
   */
  relativeSeq(seq: number, last: number, wraps: number): number {
    const delta = seqDelta(seq, last);
    if (delta < 0 && wraps > 0 && seq > last) wraps--;
    else if (delta > 0 && seq < last) wraps++;

    this.underflow = false;
    if (wraps === 0) {
      const d = seqDelta(seq, this.startSeq);
      this.underflow = d < 0;
      return d;
    }
    return wraps * TWO_32 + seq - this.startSeq;
  }
}

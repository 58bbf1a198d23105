/**
 * Reassembly of one direction's fragmented DTLS handshake message (RFC 6347 4.2.3). One
 * message is assembled at a time; a fragment of another message starts over, as Zeek does.
 * Which record sequence numbers were seen is tracked in a 32-bit window.
 */

/** Record sequence numbers one message may span. */
const SEQUENCE_WINDOW = 32;

export interface DtlsFragment {
  readonly type: number;
  /** Length of the whole message. */
  readonly length: number;
  readonly messageSeq: number;
  readonly offset: number;
  readonly data: Uint8Array;
  /** Sequence number of the record that carried it. */
  readonly recordSeq: number;
}

export class DtlsFragmentBuffer {
  private buffer: Uint8Array | undefined;
  private messageSeq = -1;
  private firstSeq = 0;
  private firstSeen = false;
  private lastSeq = -1;
  /** Bit i: the record with sequence firstSeq + i was copied in. */
  private seenMask = 0;

  constructor(private readonly maxMessageBytes: number) {}

  /**
   * Adds a fragment. Returns the complete message (a whole-message fragment's own view, or
   * the assembled buffer), undefined while incomplete, or a violation reason.
   */
  add(f: DtlsFragment): Uint8Array | string | undefined {
    if (f.offset === 0 && f.data.length === f.length) return f.data;
    if (f.length > this.maxMessageBytes)
      return `DTLS record length ${f.length} larger than allowed maximum.`;
    if (
      this.buffer === undefined ||
      this.messageSeq !== f.messageSeq ||
      this.buffer.length !== f.length
    ) {
      this.restart(f);
    }
    const problem = this.placeFragment(f);
    if (problem !== undefined) return problem;
    return this.complete();
  }

  private restart(f: DtlsFragment): void {
    this.buffer = new Uint8Array(f.length);
    this.messageSeq = f.messageSeq;
    this.firstSeq = f.recordSeq;
    this.firstSeen = false;
    this.lastSeq = -1;
    this.seenMask = 0;
  }

  private placeFragment(f: DtlsFragment): string | undefined {
    if (Math.abs(f.recordSeq - this.firstSeq) >= SEQUENCE_WINDOW) {
      return 'DTLS handshake fragment sequence number outside reassembly window.';
    }
    if (f.recordSeq < this.firstSeq) {
      if (this.firstSeen) return 'Saw second and different first message fragment for handshake.';
      this.seenMask = (this.seenMask << (this.firstSeq - f.recordSeq)) >>> 0;
      this.firstSeq = f.recordSeq;
    }
    if (f.offset === 0) this.firstSeen = true;
    const bit = (1 << (f.recordSeq - this.firstSeq)) >>> 0;
    if ((this.seenMask & bit) !== 0) return undefined;
    if (f.offset + f.data.length > this.buffer!.length) {
      return 'DTLS handshake fragment trying to write past end of buffer';
    }
    this.seenMask = (this.seenMask | bit) >>> 0;
    this.buffer!.set(f.data, f.offset);
    if (f.offset + f.data.length === this.buffer!.length) this.lastSeq = f.recordSeq;
    return undefined;
  }

  private complete(): Uint8Array | string | undefined {
    if (this.lastSeq < 0 || !this.firstSeen) return undefined;
    const span = this.lastSeq - this.firstSeq;
    if (span > SEQUENCE_WINDOW - 2)
      return 'DTLS Message fragmented over more than 30 pieces. Cannot reassemble.';
    const wanted = span + 1 >= SEQUENCE_WINDOW ? 0xffffffff : ((1 << (span + 1)) >>> 0) - 1;
    if (((~this.seenMask >>> 0) & wanted) !== 0) return undefined;
    // The buffer stays: a retransmitted fragment completes (and delivers) it again, as in Zeek.
    return this.buffer!;
  }
}

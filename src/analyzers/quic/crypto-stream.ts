/**
 * One side's CRYPTO stream (RFC 9000 19.6): frames carry handshake bytes at an offset, maybe
 * out of order, repeated or overlapping. Bytes are handed on in order, once; where a frame
 * overlaps bytes already held, the first copy wins. Out-of-order bytes are held up to a
 * bound, as a peer may announce any offset up to 2^62.
 */

/** What became of a write. */
export type CryptoWrite = 'ok' | 'over_limit';

interface Chunk {
  readonly offset: number;
  /** An owned copy: the frame's plaintext does not outlive the packet. */
  readonly data: Uint8Array;
}

export class CryptoStream {
  /** Offset of the next byte to hand on. */
  private next = 0;
  /** Bytes handed on so far (Spicy's sink size, which the caller checks). */
  delivered = 0;
  /** Out-of-order chunks, sorted by offset, not overlapping, all beyond `next`. */
  private readonly held: Chunk[] = [];
  private heldBytes = 0;

  constructor(
    /** Receives in-order bytes; a view valid only during the call. */
    private readonly deliver: (data: Uint8Array) => void,
    /** Most out-of-order bytes held at once. */
    private readonly maxHeldBytes: number,
  ) {}

  /** Adds `data` found at `offset`; bytes that would exceed the bound are dropped. */
  write(offset: number, data: Uint8Array): CryptoWrite {
    const end = offset + data.length;
    if (data.length === 0 || end <= this.next) return 'ok';
    if (offset < this.next) return this.write(this.next, data.subarray(this.next - offset));

    if (offset === this.next && this.held.length === 0) {
      this.handOn(data);
      return 'ok';
    }
    const result = this.hold(offset, data);
    this.drain();
    return result;
  }

  private handOn(data: Uint8Array): void {
    this.next += data.length;
    this.delivered += data.length;
    this.deliver(data);
  }

  /**
   * Stores the parts of `data` no held chunk covers yet; a part that starts at `next` needs no
   * holding and goes on at once.
   */
  private hold(offset: number, data: Uint8Array): CryptoWrite {
    let result: CryptoWrite = 'ok';
    for (const piece of this.uncovered(offset, offset + data.length)) {
      const bytes = data.subarray(piece[0] - offset, piece[1] - offset);
      if (piece[0] === this.next) this.handOn(bytes);
      else if (this.heldBytes + bytes.length > this.maxHeldBytes) result = 'over_limit';
      else this.insert({ offset: piece[0], data: bytes.slice() });
    }
    return result;
  }

  /** The sub-ranges of [from, to) that no held chunk covers. */
  private uncovered(from: number, to: number): [number, number][] {
    const pieces: [number, number][] = [];
    let at = from;
    for (const c of this.held) {
      const cEnd = c.offset + c.data.length;
      if (cEnd <= at) continue;
      if (c.offset >= to) break;
      if (c.offset > at) pieces.push([at, c.offset]);
      at = Math.max(at, cEnd);
    }
    if (at < to) pieces.push([at, to]);
    return pieces;
  }

  private insert(chunk: Chunk): void {
    let i = 0;
    while (i < this.held.length && this.held[i].offset < chunk.offset) i++;
    this.held.splice(i, 0, chunk);
    this.heldBytes += chunk.data.length;
  }

  /** Hands on held chunks while the first one starts at `next`. */
  private drain(): void {
    while (this.held.length > 0 && this.held[0].offset === this.next) {
      const chunk = this.held.shift()!;
      this.heldBytes -= chunk.data.length;
      this.handOn(chunk.data);
    }
  }
}

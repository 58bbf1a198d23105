/**
 * A cursor over one protocol message that never reads past its end. A read beyond the end
 * returns zero (or an empty view) and sets the sticky `overrun` flag, so a parser reads a whole
 * fixed layout and checks once, instead of testing each field or catching an exception.
 */
export class BoundedReader {
  /** Offset of the next byte to read, relative to `data`. */
  pos: number;
  /** Set once any read wanted more bytes than were left; never cleared. */
  overrun = false;

  constructor(
    /** The message bytes; views handed out point into this array and share its lifetime. */
    readonly data: Uint8Array,
    start = 0,
    /** One past the last byte this reader may read. */
    readonly end: number = data.length,
  ) {
    this.pos = start;
  }

  /** Bytes left before `end` (0 once overrun). */
  remaining(): number {
    return Math.max(0, this.end - this.pos);
  }

  /** Claims `n` bytes; false (and `overrun`) when fewer are left. */
  private take(n: number): boolean {
    if (n < 0 || this.pos + n > this.end) {
      this.overrun = true;
      this.pos = this.end;
      return false;
    }
    this.pos += n;
    return true;
  }

  u8(): number {
    return this.take(1) ? this.data[this.pos - 1] : 0;
  }

  i8(): number {
    return (this.u8() << 24) >> 24;
  }

  u16(): number {
    if (!this.take(2)) return 0;
    return (this.data[this.pos - 2] << 8) | this.data[this.pos - 1];
  }

  i16(): number {
    return (this.u16() << 16) >> 16;
  }

  u32(): number {
    if (!this.take(4)) return 0;
    const p = this.pos - 4;
    const d = this.data;
    return ((d[p] << 24) | (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]) >>> 0;
  }

  /** A view of the next `n` bytes (empty when fewer are left). */
  bytes(n: number): Uint8Array {
    if (!this.take(n)) return this.data.subarray(0, 0);
    return this.data.subarray(this.pos - n, this.pos);
  }

  /** A view of every byte left. */
  rest(): Uint8Array {
    return this.bytes(this.remaining());
  }

  skip(n: number): void {
    this.take(n);
  }
}

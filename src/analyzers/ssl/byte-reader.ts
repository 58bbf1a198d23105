/**
 * A bounds-checked big-endian reader over one handshake message or record. Reading past the
 * end throws `TruncatedMessage`, which the message dispatcher catches and turns into a
 * protocol violation: the throw never leaves the analyzer.
 */

/** A message ended before a field it declares. */
export class TruncatedMessage extends Error {
  constructor(what: string) {
    super(`truncated ${what}`);
  }
}

export class ByteReader {
  private pos: number;

  /** Reads `data[start, end)`; views returned by `bytes` point into `data`. */
  constructor(
    private readonly data: Uint8Array,
    start = 0,
    private readonly end = data.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  get offset(): number {
    return this.pos;
  }

  u8(): number {
    this.need(1, 'uint8');
    return this.data[this.pos++];
  }

  u16(): number {
    this.need(2, 'uint16');
    const v = (this.data[this.pos] << 8) | this.data[this.pos + 1];
    this.pos += 2;
    return v;
  }

  u24(): number {
    this.need(3, 'uint24');
    const d = this.data;
    const v = (d[this.pos] << 16) | (d[this.pos + 1] << 8) | d[this.pos + 2];
    this.pos += 3;
    return v;
  }

  u32(): number {
    return this.u16() * 0x10000 + this.u16();
  }

  /** The next `length` bytes as a view. */
  bytes(length: number): Uint8Array {
    this.need(length, 'field');
    const v = this.data.subarray(this.pos, this.pos + length);
    this.pos += length;
    return v;
  }

  /** A reader over the next `length` bytes, which this reader skips. */
  sub(length: number): ByteReader {
    this.need(length, 'field');
    const r = new ByteReader(this.data, this.pos, this.pos + length);
    this.pos += length;
    return r;
  }

  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }

  private need(n: number, what: string): void {
    if (n > this.end - this.pos) throw new TruncatedMessage(what);
  }
}

/**
 * A bounds-checked reader over one QUIC datagram or decrypted payload. Reading past the end
 * throws `QuicParseError`; the analyzer catches it at the datagram and reports a protocol
 * violation, so the throw never leaves the analyzer. This mirrors how a parse error aborts the
 * rest of a datagram while what was parsed before it still counts.
 */

/** The datagram does not hold what the QUIC wire format declares. */
export class QuicParseError extends Error {}

export class QuicReader {
  /** Offset of the next byte to read, relative to `data`. */
  pos: number;

  /** Reads `data[start, end)`; views returned by `bytes` point into `data`. */
  constructor(
    readonly data: Uint8Array,
    start = 0,
    readonly end: number = data.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  u8(): number {
    this.need(1, 'uint8');
    return this.data[this.pos++];
  }

  /** The next byte without consuming it. */
  peek(): number {
    this.need(1, 'uint8');
    return this.data[this.pos];
  }

  u32(): number {
    this.need(4, 'uint32');
    const d = this.data;
    const p = this.pos;
    this.pos += 4;
    return d[p] * 0x1000000 + ((d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]);
  }

  /**
   * A variable-length integer (RFC 9000 16): the two top bits of the first byte give its size
   * (1, 2, 4 or 8 bytes). Values above 2^53 lose precision; every use compares them with far
   * smaller bounds, so that loss never changes a decision.
   */
  varint(): number {
    const first = this.u8();
    const size = 1 << (first >> 6);
    this.need(size - 1, 'variable-length integer');
    let value = first & 0x3f;
    for (let i = 1; i < size; i++) value = value * 256 + this.data[this.pos++];
    return value;
  }

  /** The next `length` bytes as a view. */
  bytes(length: number): Uint8Array {
    this.need(length, 'field');
    const v = this.data.subarray(this.pos, this.pos + length);
    this.pos += length;
    return v;
  }

  skip(length: number): void {
    this.need(length, 'field');
    this.pos += length;
  }

  private need(n: number, what: string): void {
    if (n > this.end - this.pos) throw new QuicParseError(`not enough data for ${what}`);
  }
}

/**
 * Reads the RFC 4251 section 5 data types (byte, uint32, string, name-list) from one SSH
 * message. A read past the end sets `overrun` and returns an empty value, so a parser reads
 * every field and checks once at the end, as a truncated message is malformed as a whole.
 */

export class SshReader {
  private pos = 0;
  /** Set once any read went past the end of the message. */
  overrun = false;

  constructor(
    private readonly data: Uint8Array,
    /** Called when a string's declared length exceeds `maxStringLength` (0: no limit). */
    private readonly onLongString: (length: number) => void = () => {},
    private readonly maxStringLength = 0,
  ) {}

  get offset(): number {
    return this.pos;
  }

  u8(): number {
    if (!this.need(1)) return 0;
    return this.data[this.pos++];
  }

  u16(): number {
    if (!this.need(2)) return 0;
    const p = this.pos;
    this.pos += 2;
    return (this.data[p] << 8) | this.data[p + 1];
  }

  u32(): number {
    if (!this.need(4)) return 0;
    const d = this.data;
    const p = this.pos;
    this.pos += 4;
    return ((d[p] << 24) | (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]) >>> 0;
  }

  /** `n` raw bytes, as a view into the message. */
  bytes(n: number): Uint8Array {
    if (!this.need(n)) return new Uint8Array(0);
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A uint32-length-prefixed string; a length over the limit is capped and reported. */
  string(): Uint8Array {
    let length = this.u32();
    if (this.maxStringLength > 0 && length > this.maxStringLength) {
      this.onLongString(length);
      length = this.maxStringLength;
    }
    return this.bytes(length);
  }

  private need(n: number): boolean {
    if (this.overrun || this.pos + n > this.data.length) {
      this.overrun = true;
      return false;
    }
    return true;
  }
}

/**
 * A read position in one DNS message. Reads past `end` yield zero and consume nothing, as
 * Zeek's DNS readers do, so a short record is read the same way Zeek reads it; `remaining`
 * may go negative when a record claims more than is left, and every read then yields zero.
 */
import { byteString } from './dns-events.js';

export class DnsCursor {
  constructor(
    /** The whole message: compression offsets count from its first byte. */
    readonly msg: Uint8Array,
    public pos: number,
    /** One past the last byte this cursor may read. */
    public end: number,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  byte(): number {
    if (this.remaining < 1) return 0;
    return this.msg[this.pos++];
  }

  short(): number {
    if (this.remaining < 2) return 0;
    const v = (this.msg[this.pos] << 8) | this.msg[this.pos + 1];
    this.pos += 2;
    return v;
  }

  long(): number {
    if (this.remaining < 4) return 0;
    const m = this.msg;
    const p = this.pos;
    this.pos += 4;
    return ((m[p] << 24) | (m[p + 1] << 16) | (m[p + 2] << 8) | m[p + 3]) >>> 0;
  }

  /** Up to `n` bytes (fewer if the message ends first) as a byte string. */
  bytes(n: number): string {
    const take = Math.max(0, Math.min(n, this.remaining));
    const s = byteString(this.msg, this.pos, this.pos + take);
    this.pos += take;
    return s;
  }

  /** A 16-bit length, then that many bytes (fewer if the message ends first). */
  octets(): string {
    return this.bytes(this.short());
  }

  /** Moves on by `n` bytes without reading them (a record's rdata the parser ignores). */
  skip(n: number): void {
    this.pos += n;
  }
}

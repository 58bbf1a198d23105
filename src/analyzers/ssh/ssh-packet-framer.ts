/**
 * Cuts one direction's byte stream into SSH binary packets (RFC 4253 section 6; SSH-1 framing
 * for version 1). Only the 4-byte length is read here; the caller says how many bytes follow
 * it. A packet inside one delivered chunk is handed out as a view; one split over chunks is
 * copied together first.
 */

const LENGTH_BYTES = 4;

export interface FramedPacket {
  /** The packet_length field, after capping. */
  readonly length: number;
  /** The bytes after the length field (`total - 4` of them). View valid during the call. */
  readonly body: Uint8Array;
}

export class SshPacketFramer {
  private readonly header = new Uint8Array(LENGTH_BYTES);
  private headerFill = 0;
  /** Capped packet_length of the packet being collected; -1 while its length is incomplete. */
  private length = -1;
  /** Bytes of body the current packet needs. */
  private bodySize = 0;
  /** Copy of a body split over chunks; undefined while nothing of it was copied. */
  private body: Uint8Array | undefined;
  private bodyFill = 0;

  constructor(
    /** Caps the length field (reporting it) and returns the body size that follows it. */
    private readonly sizeOf: (packetLength: number) => { length: number; size: number },
  ) {}

  /** Takes bytes from `data[start..]`; returns how many, and the packet they completed. */
  feed(data: Uint8Array, start: number): { consumed: number; packet?: FramedPacket } {
    let pos = start;
    if (this.length < 0) {
      const n = Math.min(LENGTH_BYTES - this.headerFill, data.length - pos);
      this.header.set(data.subarray(pos, pos + n), this.headerFill);
      this.headerFill += n;
      pos += n;
      if (this.headerFill < LENGTH_BYTES) return { consumed: pos - start };
      this.startBody();
    }
    return this.feedBody(data, start, pos);
  }

  private startBody(): void {
    const h = this.header;
    const raw = ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
    const { length, size } = this.sizeOf(raw);
    this.length = length;
    this.bodySize = size;
  }

  private feedBody(data: Uint8Array, start: number, pos: number) {
    const need = this.bodySize - this.bodyFill;
    const n = Math.min(need, data.length - pos);
    if (this.body === undefined && n === need) {
      return this.complete(pos + n - start, data.subarray(pos, pos + n));
    }

    this.body ??= new Uint8Array(this.bodySize);
    this.body.set(data.subarray(pos, pos + n), this.bodyFill);
    this.bodyFill += n;
    if (this.bodyFill < this.bodySize) return { consumed: pos + n - start };
    return this.complete(pos + n - start, this.body);
  }

  private complete(consumed: number, body: Uint8Array) {
    const packet = { length: this.length, body };
    this.length = -1;
    this.headerFill = 0;
    this.body = undefined;
    this.bodyFill = 0;
    return { consumed, packet };
  }
}

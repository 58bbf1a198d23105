/**
 * Reassembles handshake messages from the payloads of handshake records of one direction
 * (RFC 5246 6.2.1: a message may span records and a record may hold several messages).
 * Each message is a 1-byte type and a 24-bit length, then its body.
 */

const HEADER_BYTES = 4;

export interface HandshakeFramerLimits {
  /** Largest handshake message accepted; a bigger one is a violation, not a buffer. */
  readonly maxMessageBytes: number;
}

export type HandshakeFramerResult = 'ok' | 'too_large';

export class HandshakeFramer {
  /** Bytes of an incomplete message carried over from earlier records (an owned copy). */
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly limits: HandshakeFramerLimits) {}

  /**
   * Adds one record's handshake payload and calls `onMessage` for each message it completes;
   * the body is a view valid only during the call.
   */
  push(
    data: Uint8Array,
    onMessage: (type: number, body: Uint8Array) => void,
  ): HandshakeFramerResult {
    const buf = this.pending.length === 0 ? data : concat(this.pending, data);
    let pos = 0;
    while (buf.length - pos >= HEADER_BYTES) {
      const length = (buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3];
      if (length > this.limits.maxMessageBytes) {
        this.pending = new Uint8Array(0);
        return 'too_large';
      }
      if (buf.length - pos - HEADER_BYTES < length) break;
      const start = pos + HEADER_BYTES;
      onMessage(buf[pos], buf.subarray(start, start + length));
      pos = start + length;
    }
    this.pending = buf.slice(pos);
    return 'ok';
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

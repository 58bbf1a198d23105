/**
 * DNS over TCP (RFC 1035, 4.2.2; RFC 7766, 8): each message follows a 2-byte length. Bytes
 * arrive in whatever pieces TCP delivers them: a message may span segments and a segment may
 * hold several messages, so the framer keeps the partial message and says how many bytes it
 * still needs. A content gap is not resynchronised on, as in Zeek: the framing goes on
 * counting from where it was.
 */

const LENGTH_BYTES = 2;

type FramerState = 'length_hi' | 'length_lo' | 'message';

export class DnsTcpFramer {
  private state: FramerState = 'length_hi';
  private size = 0;
  private buffer = new Uint8Array(0);
  private filled = 0;

  constructor(
    /** Receives each whole message; the view is valid only during the call. */
    private readonly onMessage: (message: Uint8Array) => void,
  ) {}

  /** Bytes still missing before the next message (or its length) is complete. */
  get needed(): number {
    if (this.state === 'length_hi') return LENGTH_BYTES;
    if (this.state === 'length_lo') return 1;
    return this.size - this.filled;
  }

  /** Bytes of an unfinished message held now. */
  get pending(): number {
    return this.state === 'message' ? this.filled : 0;
  }

  /** Consumes all of `data`, handing on every message it completes. */
  push(data: Uint8Array): void {
    let at = 0;
    while (at < data.length) at += this.step(data, at);
  }

  /** The partial message held so far, if any (for a flush when the stream ends). */
  partial(): Uint8Array | undefined {
    return this.state === 'message' && this.filled > 0 ? this.buffer.subarray(0, this.filled)
      : undefined;
  }

  /** One step of the state machine at `data[at]`; returns the bytes consumed. */
  private step(data: Uint8Array, at: number): number {
    if (this.state === 'length_hi') {
      this.size = data[at] << 8;
      this.state = 'length_lo';
      return 1;
    }
    if (this.state === 'length_lo') {
      this.size |= data[at];
      this.startMessage();
      return 1;
    }

    const take = Math.min(this.size - this.filled, data.length - at);
    this.buffer.set(data.subarray(at, at + take), this.filled);
    this.filled += take;
    if (this.filled === this.size) this.deliver();
    return take;
  }

  private startMessage(): void {
    this.state = 'message';
    this.filled = 0;
    if (this.buffer.length < this.size) this.buffer = new Uint8Array(this.size);
  }

  private deliver(): void {
    this.state = 'length_hi';
    this.onMessage(this.buffer.subarray(0, this.size));
  }
}

/**
 * Splits one direction of a TCP stream into lines the way Zeek's content-line analyzer does:
 * CR, LF and CRLF each end a line (a CRLF split across deliveries counts once), a line longer
 * than the limit is cut (weird `contentline_size_exceeded`), and a partial line is flushed when
 * the direction ends. Lines are handed out as views valid only during the callback.
 */

const CR = 0x0d;
const LF = 0x0a;

/** Called per line; returning false stops the split, leaving the rest of the delivery. */
export type LineHandler = (line: Uint8Array) => boolean | void;

export class LineSplitter {
  private buf: Uint8Array;
  private length = 0;
  private lastChar = 0;

  constructor(
    /** Longest line buffered; a longer one is cut to one byte less than this. */
    private readonly maxLineLength: number,
    private readonly weird: (name: string) => void,
  ) {
    this.buf = new Uint8Array(Math.min(maxLineLength, 128));
  }

  /** Splits `data`; returns how many of its bytes were consumed (all unless stopped). */
  push(data: Uint8Array, onLine: LineHandler): number {
    let i = 0;
    if (this.lastChar === CR && data.length > 0 && data[0] === LF) {
      // The LF of a CRLF whose CR ended the previous delivery.
      this.lastChar = LF;
      i = 1;
    }
    for (; i < data.length; i++) {
      const c = data[i];
      let ended: boolean | void = true;
      if (this.isFull()) {
        // Zeek keeps one byte less than the limit and drops the byte that overflowed.
        this.weird('contentline_size_exceeded');
        this.length = this.maxLineLength - 1;
        ended = this.emit(c, onLine);
      } else if (c === CR && i + 1 < data.length && data[i + 1] === LF) {
        i++;
        ended = this.emit(LF, onLine);
      } else if (c === CR || c === LF) {
        ended = this.emit(c, onLine);
      } else {
        if (this.lastChar === CR) this.weird('line_terminated_with_single_CR');
        this.append(c);
      }
      if (ended === false) return i + 1;
    }
    return data.length;
  }

  /** End of the direction: a partial line is delivered as if a newline had come. */
  flush(onLine: LineHandler): void {
    if (this.length > 0) this.emit(LF, onLine);
  }

  private isFull(): boolean {
    return this.length >= this.buf.length && this.buf.length >= this.maxLineLength;
  }

  private emit(c: number, onLine: LineHandler): boolean | void {
    const line = this.buf.subarray(0, this.length);
    this.length = 0;
    this.lastChar = c;
    return onLine(line);
  }

  private append(c: number): void {
    if (this.length >= this.buf.length) {
      const grown = new Uint8Array(Math.min(this.buf.length * 2, this.maxLineLength));
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.length++] = c;
    this.lastChar = c;
  }
}

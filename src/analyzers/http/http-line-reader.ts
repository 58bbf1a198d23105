/**
 * Splits one direction of an HTTP connection into lines, or hands bytes through unsplit while
 * a body of known length is read (plain delivery), as Zeek's ContentLine analyzer does for
 * HTTP: CR, LF and CRLF each end a line, and the LF of a CRLF split across packets is dropped.
 * Inside a part of a multipart body only CRLF ends a line, so a lone CR or LF stays content.
 */

const CR = 0x0d;
const LF = 0x0a;

export interface LineSink {
  /** A line without its terminator. `line` is a view valid only during the call. */
  line(line: Uint8Array, remaining: number): void;
  /** Bytes delivered plainly; `remaining` bytes of the same delivery follow. */
  plain(bytes: Uint8Array, remaining: number): void;
  /** A line grew past the limit and was cut. */
  lineTooLong(length: number): void;
}

export class HttpLineReader {
  /** Bytes still to hand through plainly (Infinity: until the end of the stream). */
  plainRemaining = 0;
  /** Everything is handed through plainly from now on (an HTTP/0.9 reply, a tunnel). */
  raw = false;
  /** Nothing more is delivered (analysis of this direction stopped after a gap). */
  skip = false;
  /** Only CRLF ends a line; a lone CR or LF is kept in it (the body of a multipart part). */
  crlfOnly = false;
  private buf = new Uint8Array(128);
  private length = 0;
  private lastChar = 0;

  constructor(
    private readonly sink: LineSink,
    /** Longest line held; longer ones are cut. */
    private readonly maxLineBytes: number,
  ) {}

  /** Whether part of a line is waiting for its end. */
  get hasPartialLine(): boolean {
    return this.length > 0;
  }

  deliver(data: Uint8Array): void {
    let i = 0;
    while (i < data.length && !this.skip) {
      if (this.raw) {
        this.sink.plain(data.subarray(i), 0);
        return;
      }
      if (this.lastChar === CR && data[i] === LF && this.length === 0) {
        this.lastChar = LF;
        i++;
        continue;
      }
      if (this.plainRemaining > 0) {
        i = this.deliverPlain(data, i);
        continue;
      }
      i = this.scanLine(data, i);
    }
  }

  /** End of the stream: a partial line is delivered as if it had ended. */
  endOfData(): void {
    if (this.length > 0 && !this.skip && !this.raw) this.deliver(Uint8Array.of(LF));
  }

  private deliverPlain(data: Uint8Array, i: number): number {
    const n = Math.min(this.plainRemaining, data.length - i);
    this.lastChar = 0;
    this.plainRemaining -= n;
    this.sink.plain(data.subarray(i, i + n), data.length - i - n);
    return i + n;
  }

  /** Consumes bytes up to and including one line end; returns the next index. */
  private scanLine(data: Uint8Array, i: number): number {
    for (; i < data.length; i++) {
      const c = data[i];
      if (this.crlfOnly && (c === CR || c === LF)) {
        const end = this.crlfOnlyEnd(data, i);
        if (end >= 0) return end;
        continue;
      }
      if (c === CR) {
        if (i + 1 < data.length && data[i + 1] === LF) return this.emit(data, i + 2, LF);
        return this.emit(data, i + 1, CR);
      }
      if (c === LF) {
        if (this.lastChar === CR && this.length === 0) {
          this.lastChar = LF;
          continue;
        }
        return this.emit(data, i + 1, LF);
      }
      if (this.length >= this.maxLineBytes) {
        this.sink.lineTooLong(this.length);
        return this.emit(data, i, 0);
      }
      this.append(c);
    }
    return i;
  }

  /**
   * A CR or LF at `i` while only CRLF ends lines: the index after the line end when the byte
   * completes a CRLF (also one split across deliveries), else -1 with the byte kept.
   */
  private crlfOnlyEnd(data: Uint8Array, i: number): number {
    if (data[i] === CR && i + 1 < data.length && data[i + 1] === LF)
      return this.emit(data, i + 2, LF);
    if (data[i] === LF && this.length > 0 && this.buf[this.length - 1] === CR) {
      this.length--;
      return this.emit(data, i + 1, LF);
    }
    if (data[i] === LF && this.lastChar === CR && this.length === 0) {
      // The LF of a CRLF whose CR ended the previous line before only CRLF counted.
      this.lastChar = LF;
      return -1;
    }
    if (this.length >= this.maxLineBytes) {
      this.sink.lineTooLong(this.length);
      return this.emit(data, i, 0);
    }
    this.append(data[i]);
    return -1;
  }

  private emit(data: Uint8Array, next: number, lastChar: number): number {
    const line = this.buf.subarray(0, this.length);
    this.length = 0;
    this.lastChar = lastChar;
    this.sink.line(line, data.length - next);
    return next;
  }

  private append(c: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Uint8Array(Math.min(this.buf.length * 2, this.maxLineBytes + 1));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = c;
    this.lastChar = c;
  }
}

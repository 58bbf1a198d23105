/**
 * Lines of one direction of a Telnet-style control channel (RFC 854's network virtual
 * terminal, which FTP's control connection is, RFC 959 section 4.1): a line ends at LF, a CR
 * before it is dropped, and Telnet commands (IAC sequences, RFC 854 and 855) are removed from
 * the text. NUL and lone CR are kept but reported once per connection, as Zeek's NVT does.
 */

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
/** Telnet "interpret as command", sub-negotiation begin and end. */
const IAC = 255;
const SB = 250;
const SE = 240;
/** WILL, WONT, DO, DONT: commands followed by one option byte. */
const FIRST_OPTION_COMMAND = 251;

const INITIAL_BUFFER = 128;

/** What the splitter reports besides lines. */
export interface NvtSink {
  line(bytes: Uint8Array): void;
  /** A weird Zeek raises at most once per connection (e.g. `NUL_in_line`). */
  weirdOnce(name: 'NUL_in_line' | 'line_terminated_with_single_CR'): void;
  /**
   * A line (`nvt_line_size_exceeded`: its first part was delivered as a line) or a Telnet
   * sub-negotiation (`nvt_option_size_exceeded`: dropped) reached the length limit.
   */
  limitReached(weird: 'nvt_line_size_exceeded' | 'nvt_option_size_exceeded', size: number): void;
}

export class NvtLines {
  private buf = new Uint8Array(INITIAL_BUFFER);
  private offset = 0;
  private lastChar = -1;
  /** Whether the next NUL is reported (only the first one is). */
  private flagNuls = true;
  private pendingIac = false;
  private iacPos = 0;
  private isSuboption = false;
  private lastWasIac = false;

  constructor(
    private readonly sink: NvtSink,
    private readonly maxLineLength: number,
  ) {}

  /** Whether part of a line is waiting for its end. */
  get hasPartialLine(): boolean {
    return this.offset > 0;
  }

  feed(data: Uint8Array): void {
    let pos = 0;
    while (pos < data.length) {
      pos = this.pendingIac ? this.scanOption(data, pos) : this.scanText(data, pos);
    }
  }

  /** End of the direction: a partial line is ended as if by LF. */
  end(): void {
    if (this.offset > 0) this.feed(Uint8Array.of(LF));
  }

  private scanText(data: Uint8Array, start: number): number {
    for (let pos = start; pos < data.length; pos++) {
      if (!this.room()) continue;
      const c = data[pos];
      if (c === IAC) {
        this.pendingIac = true;
        this.iacPos = this.offset;
        this.isSuboption = false;
        this.buf[this.offset++] = c;
        return pos + 1;
      }
      this.textByte(c);
      if (this.lastChar === CR && c !== LF && c !== NUL) {
        this.sink.weirdOnce('line_terminated_with_single_CR');
      }
      this.lastChar = c;
    }
    return data.length;
  }

  private textByte(c: number): void {
    if (c === LF) {
      if (this.lastChar !== CR) this.emit();
      else if (this.offset > 0) {
        this.offset--;
        this.emit();
      }
    } else if (c === NUL) {
      // A NUL right after CR is how some Telnet servers end lines; it is harmless.
      if (this.lastChar === CR) return;
      if (this.flagNuls) {
        this.sink.weirdOnce('NUL_in_line');
        this.flagNuls = false;
      } else {
        this.buf[this.offset++] = c;
      }
    } else {
      this.buf[this.offset++] = c;
    }
  }

  /** Makes room for one byte; at the limit the line so far is delivered instead. */
  private room(): boolean {
    if (this.offset < this.buf.length) return true;
    if (this.buf.length < this.maxLineLength || this.maxLineLength === 0) {
      const size = this.buf.length * 2;
      const grown = new Uint8Array(
        this.maxLineLength > 0 ? Math.min(size, this.maxLineLength) : size,
      );
      grown.set(this.buf);
      this.buf = grown;
      return true;
    }
    this.sink.limitReached('nvt_line_size_exceeded', this.buf.length);
    this.sink.line(this.buf.subarray(0, this.buf.length - 1));
    this.offset = 0;
    this.lastChar = -1;
    return false;
  }

  private emit(): void {
    this.sink.line(this.buf.subarray(0, this.offset));
    this.offset = 0;
  }

  /** Bytes after an IAC: the command, its option byte, or a sub-negotiation up to IAC SE. */
  private scanOption(data: Uint8Array, pos: number): number {
    if (this.iacPos === this.offset - 1) return this.optionCommand(data[pos], pos);
    if (!this.isSuboption) {
      // The option byte of WILL/WONT/DO/DONT: the whole command is dropped.
      this.offset -= 2;
      this.pendingIac = false;
      return pos + 1;
    }
    return this.suboption(data, pos);
  }

  private optionCommand(code: number, pos: number): number {
    if (code === IAC) {
      // IAC IAC is a literal 255, which stays in the line.
      this.pendingIac = false;
      this.lastChar = code;
    } else if (code === SB || code >= FIRST_OPTION_COMMAND) {
      this.isSuboption = code === SB;
      this.lastWasIac = false;
      this.append(code);
    } else {
      this.offset--;
      this.pendingIac = false;
    }
    return pos + 1;
  }

  private suboption(data: Uint8Array, start: number): number {
    for (let pos = start; pos < data.length; pos++) {
      const code = data[pos];
      if (this.maxLineLength > 0 && this.offset >= this.maxLineLength) {
        this.sink.limitReached('nvt_option_size_exceeded', this.offset);
        this.pendingIac = false;
        this.isSuboption = false;
        this.offset = 0;
        this.lastChar = -1;
        return pos;
      }
      if (!this.lastWasIac) {
        this.append(code);
        this.lastWasIac = code === IAC;
        continue;
      }
      this.lastWasIac = false;
      if (code === IAC) continue;

      // IAC SE ends it; BSD Telnet also ends it at any other IAC command, which then starts anew.
      this.offset = this.iacPos;
      this.pendingIac = false;
      this.isSuboption = false;
      if (code === SE) return pos + 1;
      this.pendingIac = true;
      this.append(IAC);
      return pos;
    }
    return data.length;
  }

  private append(c: number): void {
    if (this.offset >= this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.offset++] = c;
  }
}

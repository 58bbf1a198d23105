/**
 * BDAT (RFC 3030 CHUNKING): the argument `<size> [LAST]`, and the reader that turns the raw
 * chunk bytes that follow back into message lines for the MIME parser. Lines end at CRLF; a
 * bare LF ends a line too but stays in it; a line past the length limit is cut. Each oddity
 * is a weird with Zeek's name.
 */
import { copyBytes } from '../../stages/copy-bytes.js';

/** A parsed BDAT argument, or why it is not one. */
export type BdatArg =
  | { readonly kind: 'chunk'; readonly size: bigint; readonly last: boolean }
  | { readonly kind: 'error'; readonly reason: string };

/** `18446744073709551615 LAST`: the longest argument a 64-bit size allows. */
const MAX_ARG_LENGTH = 25;
const MAX_UINT64 = (1n << 64n) - 1n;

export function parseBdatArg(arg: string): BdatArg {
  const error = (reason: string): BdatArg => ({ kind: 'error', reason });
  if (arg.length === 0 || arg.length > MAX_ARG_LENGTH) return error('BDAT argument bad length');
  if (!/^[0-9]/.test(arg)) return error('BDAT not followed by a valid chunk-size');

  const digits = /^[0-9]+/.exec(arg)![0];
  const rest = arg.slice(digits.length);
  if (rest.length > 0 && rest[0] !== ' ' && rest[0] !== '\0') {
    return error('BDAT chunk-size not valid');
  }
  const size = BigInt(digits);
  if (size > MAX_UINT64) return error('BDAT chunk-size too large');
  if (rest.length === 0) return { kind: 'chunk', size, last: false };
  if (rest.toUpperCase() !== ' LAST') return error('BDAT chunk-size followed by junk');
  return { kind: 'chunk', size, last: true };
}

const CR = 0x0d;
const LF = 0x0a;

/** Where the reader's lines go. */
export interface BdatSink {
  line(bytes: Uint8Array, trailingCrlf: boolean): void;
  weird(name: string, addl?: string): void;
}

export class BdatReader {
  /** Bytes of the current chunk still to come. */
  remaining = 0;
  /** Whether the current chunk was announced with LAST. */
  last = false;
  /** The unfinished line. */
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly sink: BdatSink, private readonly maxLineLength: number) {}

  nextChunk(size: number, last: boolean): void {
    this.remaining = size;
    this.last = last;
  }

  /** Bytes of the current chunk (never more than `remaining`). */
  deliver(data: Uint8Array): void {
    if (data.length > this.remaining) {
      this.sink.weird('smtp_bdat_chunk_overflow');
      data = data.subarray(0, this.remaining);
    }
    this.remaining -= data.length;
    this.splitLines(data);
    if (this.last && this.remaining === 0 && this.pending.length > 0) this.flushPending();
  }

  /** The chunk transfer ended: a partial line still held is delivered. */
  done(): void {
    if (this.pending.length === 0) return;
    this.sink.weird('smtp_bdat_undelivered_at_done');
    this.flushPending();
  }

  private splitLines(data: Uint8Array): void {
    const held = this.pending;
    // A CR that ended the previous bytes is a line end only if an LF follows.
    if (held.length > 0 && held[held.length - 1] === CR && (data.length === 0 || data[0] !== LF)) {
      this.sink.weird('smtp_bdat_line_cr_only');
      this.flushPending();
    }
    const buf = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    let start = 0;
    for (let i = Math.max(0, this.pending.length - 1); i < buf.length; i++) {
      if (i < buf.length - 1 && buf[i] === CR && buf[i + 1] === LF) {
        this.sink.line(buf.subarray(start, i), true);
        start = i + 2;
        i++;
      } else if (buf[i] === LF) {
        this.sink.weird('smtp_bdat_line_lf_only');
        this.sink.line(buf.subarray(start, i + 1), false);
        start = i + 1;
      } else if (i - start >= this.maxLineLength) {
        this.sink.weird('smtp_bdat_line_too_long', String(buf.length));
        this.sink.line(buf.subarray(start, i), false);
        start = i;
      }
    }
    this.pending = copyBytes(buf.subarray(start));
  }

  private flushPending(): void {
    const line = this.pending;
    this.pending = new Uint8Array(0);
    this.sink.line(line, false);
  }
}

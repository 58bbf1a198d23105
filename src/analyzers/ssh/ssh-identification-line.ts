/**
 * Collects the lines of the SSH version exchange (RFC 4253 section 4.2). A line ends at CR,
 * at LF, or at CR LF (one end, not two), as binpac's line mode reads them; the identification
 * string and any lines a server sends before it arrive this way, possibly split over segments.
 */
import { wireText } from '../wire-text.js';

export type LineResult =
  /** `consumed` bytes were taken; `line` is set when they completed one. */
  | { readonly consumed: number; readonly line?: string }
  /** The line grew past the limit. */
  | { readonly consumed: number; readonly overflow: true };

const CR = 0x0d;
const LF = 0x0a;

export class IdentificationLines {
  private parts: string[] = [];
  private length = 0;
  /** The last line ended with CR, so an LF starting the next one belongs to it. */
  private afterCr = false;

  constructor(private readonly maxLength: number) {}

  /**
   * Binary packets start after the last line: an LF still owed to a CR line end is skipped
   * there (checked once, on the first byte after the lines). Returns the bytes to skip.
   */
  lingeringLf(data: Uint8Array, pos: number): number {
    if (!this.afterCr) return 0;
    this.afterCr = false;
    return data[pos] === LF ? 1 : 0;
  }

  /** Takes bytes from `data[start..]` up to and including the next line end. */
  feed(data: Uint8Array, start: number): LineResult {
    let pos = start;
    if (this.afterCr && pos < data.length && data[pos] === LF) {
      this.afterCr = false;
      pos++;
    }
    let end = pos;
    while (end < data.length && data[end] !== CR && data[end] !== LF) end++;

    this.length += end - pos;
    if (this.maxLength > 0 && this.length > this.maxLength) {
      return { consumed: end - start, overflow: true };
    }
    this.parts.push(wireText(data, pos, end));
    if (end === data.length) return { consumed: end - start };

    if (data[end] === CR) this.afterCr = true;
    const line = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return { consumed: end + 1 - start, line };
  }
}

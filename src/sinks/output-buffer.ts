/**
 * A growable byte buffer that log writers append text to directly, so a record becomes bytes
 * without first becoming a string: building one string per field, joining them and encoding
 * the result cost more than the records themselves at conn.log rates.
 *
 * Text is appended as "byte strings" (each char code is one byte, as the writers produce
 * them), decimal integers, and Zeek's six-decimal fixed notation.
 */

const MICROS_PER_SECOND = 1e6;
const FIXED6_DIGITS = 6;
/** Below this distance from a rounding tie, the product `fraction * 1e6` is trusted. */
const TIE_MARGIN = 1e-6;
/** Largest whole part the fast fixed-point path writes (exact in a double, far from 1e21). */
const FIXED6_FAST_LIMIT = 2 ** 52;
const DIGIT_0 = 0x30;
const DOT = 0x2e;

export class OutputBuffer {
  /** Bytes appended so far; `bytes[0..length)` holds them. */
  length = 0;
  private buf: Buffer;

  constructor(initialBytes: number) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** The bytes appended so far: a view that the next append may overwrite. */
  get bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /** Forgets what was appended, keeping the memory. */
  clear(): void {
    this.length = 0;
  }

  /** Appends one byte. */
  byte(b: number): void {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = b;
  }

  /**
   * Appends a byte string: the low byte of each char code, as `Buffer.from(s, 'latin1')`
   * encodes it. Short strings are copied by a loop, which beats a native call for them.
   */
  text(s: string): void {
    const n = s.length;
    if (this.length + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    let p = this.length;
    for (let k = 0; k < n; k++) buf[p++] = s.charCodeAt(k);
    this.length = p;
  }

  /** Appends a non-negative safe integer in decimal, as `String(n)` writes it. */
  unsigned(n: number): void {
    this.padded(n, decimalDigits(n));
  }

  /**
   * Appends `x` in fixed notation with six decimals, exactly as `x.toFixed(6)` writes it; false
   * (nothing appended) when `x` is outside the fast path (negative, huge, not finite) or sits
   * so close to a rounding tie that only `toFixed` can decide, and the caller must use it.
   *
   * The whole part is split off first: `x - floor(x)` is exact, and the fraction times 1e6 is
   * below 1e6, so its rounding error (under 1e-10) can change the result only near a tie.
   */
  fixed6(x: number): boolean {
    if (!(x >= 0 && x < FIXED6_FAST_LIMIT)) return false;
    let whole = Math.floor(x);
    const scaled = (x - whole) * MICROS_PER_SECOND;
    const below = Math.floor(scaled);
    if (Math.abs(scaled - below - 0.5) < TIE_MARGIN) return false;

    let micros = scaled - below > 0.5 ? below + 1 : below;
    if (micros === MICROS_PER_SECOND) {
      whole++;
      micros = 0;
    }
    this.unsigned(whole);
    this.byte(DOT);
    this.padded(micros, FIXED6_DIGITS);
    return true;
  }

  /** Appends `n` (below 10^width) with leading zeros to exactly `width` digits. */
  private padded(n: number, width: number): void {
    if (this.length + width > this.buf.length) this.grow(width);
    const buf = this.buf;
    for (let k = this.length + width - 1; k >= this.length; k--) {
      const q = Math.floor(n / 10);
      buf[k] = DIGIT_0 + (n - q * 10);
      n = q;
    }
    this.length += width;
  }

  /** Makes room for `extra` more bytes, at least doubling so appends stay amortised O(1). */
  private grow(extra: number): void {
    const size = Math.max(this.buf.length * 2, this.length + extra);
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
}

/** Number of decimal digits of a non-negative safe integer (powers of ten up to 1e16 are exact). */
function decimalDigits(n: number): number {
  let digits = 1;
  for (let limit = 10; limit <= n; limit *= 10) digits++;
  return digits;
}

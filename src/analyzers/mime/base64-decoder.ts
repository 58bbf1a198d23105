/**
 * A streaming Base64 decoder (RFC 2045 section 6.8) with Zeek's tolerance: characters outside
 * the alphabet are skipped, groups after a `=` pad are ignored, and an unfinished last group is
 * padded with zero bits. The first oddity of each kind is reported once per decoder, as Zeek's
 * `base64_illegal_encoding` weird.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d;

/** 6-bit value of each byte, -1 when the byte is not Base64; `=` decodes as 0. */
const VALUES: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  t[PAD] = 0;
  return t;
})();

export class Base64Decoder {
  private readonly group = new Uint8Array(4);
  private groupLength = 0;
  private padding = 0;
  private afterPadding = false;
  private errors = 0;

  constructor(
    /** Called with a description of the first malformed input. */
    private readonly illegal: (detail: string) => void,
  ) {}

  /** Decodes `data`, appending the bytes of every completed group to `out`. */
  decode(data: Uint8Array, out: number[]): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (c === PAD) this.padding++;
      const v = VALUES[c];
      if (v < 0) {
        this.report(`character ${c} ignored by Base64 decoding`);
        continue;
      }
      this.group[this.groupLength++] = v;
      if (this.groupLength === 4) this.emitGroup(out);
    }
  }

  /** The input ended: a partial group is padded out and decoded. */
  finish(out: number[]): void {
    if (this.groupLength === 0) return;
    const missing = 4 - this.groupLength;
    this.illegal(`incomplete base64 group, padding with ${missing * 6} bits of 0`);
    this.decode(Uint8Array.from({ length: missing }, () => PAD), out);
  }

  private emitGroup(out: number[]): void {
    this.groupLength = 0;
    if (this.afterPadding) {
      this.report("extra base64 groups after '=' padding are ignored");
      return;
    }
    const g = this.group;
    const bits = (g[0] << 18) | (g[1] << 12) | (g[2] << 6) | g[3];
    const octets = 3 - this.padding;
    if (octets >= 1) out.push((bits >> 16) & 0xff);
    if (octets >= 2) out.push((bits >> 8) & 0xff);
    if (octets >= 3) out.push(bits & 0xff);
    if (this.padding > 0) this.afterPadding = true;
    this.padding = 0;
  }

  private report(detail: string): void {
    if (++this.errors === 1) this.illegal(detail);
  }
}

/**
 * Connection and file ids shaped like Zeek's: a prefix (`C` or `F`) and 96 random bits written
 * as a 32-bit and a 64-bit number in base62, least significant digit first. Random bits come
 * from a seedable generator (xoshiro128**), so tests can ask for reproducible ids; plain
 * 32-bit arithmetic keeps id creation cheap. The digits are gathered as bytes and become one
 * flat string: joining the parts would leave a chain of three strings in every connection.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TWO_32 = 4294967296;
/** Base62 digits of a 32-bit number (6) and a 64-bit number (11), and room for a prefix. */
const MAX_ID_CHARS = 32;

export class UidGenerator {
  private readonly s = new Uint32Array(4);
  /** The id under construction, one char code per byte. */
  private readonly chars = Buffer.alloc(MAX_ID_CHARS);

  /** `seed` makes the sequence reproducible; without it, the generator seeds from the OS. */
  constructor(seed?: number) {
    if (seed === undefined) {
      const b = randomBytes(16);
      for (let k = 0; k < 4; k++) this.s[k] = b.readUInt32LE(4 * k);
    } else {
      let x = seed >>> 0;
      for (let k = 0; k < 4; k++)
        this.s[k] = x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + k + 1) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** A new id: `prefix` (a letter or two) and the base62 digits of 96 fresh random bits. */
  next(prefix: string): string {
    const chars = this.chars;
    let end = chars.write(prefix, 'latin1');
    end = base62(0, this.nextWord(), chars, end);
    const hi = this.nextWord();
    end = base62(hi, this.nextWord(), chars, end);
    return chars.toString('latin1', 0, end);
  }

  private nextWord(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Writes base62 of the 64-bit number `hi * 2^32 + lo`, least significant digit first, into
 * `out` from `at`; returns the end.
 */
function base62(hi: number, lo: number, out: Buffer, at: number): number {
  do {
    const rHi = hi % 62;
    hi = (hi - rHi) / 62;
    const cur = rHi * TWO_32 + lo;
    const digit = cur % 62;
    lo = (cur - digit) / 62;
    out[at++] = ALPHABET.charCodeAt(digit);
  } while (hi > 0 || lo > 0);
  return at;
}

/**
 * Connection and file ids shaped like Zeek's: a prefix (`C` or `F`) and 96 random bits written
 * as a 32-bit and a 64-bit number in base62, least significant digit first. Random bits come
 * from a seedable generator (xoshiro128**), so tests can ask for reproducible ids; plain
 * 32-bit arithmetic keeps id creation cheap.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TWO_32 = 4294967296;

export class UidGenerator {
  private readonly s = new Uint32Array(4);

  /** `seed` makes the sequence reproducible; without it, the generator seeds from the OS. */
  constructor(seed?: number) {
    if (seed === undefined) {
      const b = randomBytes(16);
      for (let k = 0; k < 4; k++) this.s[k] = b.readUInt32LE(4 * k);
    } else {
      let x = seed >>> 0;
      for (let k = 0; k < 4; k++) this.s[k] = x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + k + 1) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  next(prefix: string): string {
    const word1 = this.nextWord();
    return prefix + base62(0, word1) + base62(this.nextWord(), this.nextWord());
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

/** Base62 of the 64-bit number `hi * 2^32 + lo`, least significant digit first. */
function base62(hi: number, lo: number): string {
  let out = '';
  do {
    const rHi = hi % 62;
    hi = (hi - rHi) / 62;
    const cur = rHi * TWO_32 + lo;
    const digit = cur % 62;
    lo = (cur - digit) / 62;
    out += ALPHABET[digit];
  } while (hi > 0 || lo > 0);
  return out;
}

/**
 * Connection and file ids shaped like Zeek's: a prefix (`C` or `F`) and 96 random bits written
 * as two base62 numbers, least significant digit first. Random bits come from a seedable
 * generator, so tests can ask for reproducible ids.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class UidGenerator {
  private s0: bigint;
  private s1: bigint;

  /** `seed` makes the sequence reproducible; without it, the generator seeds from the OS. */
  constructor(seed?: number) {
    const bytes = seed === undefined ? randomBytes(16) : seedBytes(seed);
    this.s0 = bytes.readBigUInt64LE(0) | 1n;
    this.s1 = bytes.readBigUInt64LE(8) | 2n;
  }

  next(prefix: string): string {
    const high = this.nextWord() >> 32n;
    const low = this.nextWord();
    return prefix + base62(high) + base62(low);
  }

  /** xorshift128+: fast, good enough for identifiers, not for secrets. */
  private nextWord(): bigint {
    const mask = (1n << 64n) - 1n;
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x ^= (x << 23n) & mask;
    this.s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (this.s1 + y) & mask;
  }
}

function seedBytes(seed: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(seed >>> 0, 0);
  b.writeUInt32LE(0x9e3779b9, 4);
  b.writeUInt32LE((seed * 2654435761) >>> 0, 8);
  b.writeUInt32LE(0x85ebca6b, 12);
  return b;
}

function base62(n: bigint): string {
  let out = '';
  do {
    out += ALPHABET[Number(n % 62n)];
    n /= 62n;
  } while (n > 0n);
  return out;
}

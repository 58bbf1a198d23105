/** libpcap refuses resolutions finer than these; so do we. */
const MAX_DECIMAL_EXPONENT = 19;
const MAX_BINARY_EXPONENT = 63;
/** Finest decimal resolution whose divisor fits the exact float path below (nanoseconds). */
const MAX_FAST_DECIMAL_EXPONENT = 9;
const BINARY_FLAG = 0x80;
const TWO_POW_16 = 65536;
const TWO_POW_32 = 4294967296;
const NANOS_PER_SECOND = 1_000_000_000n;

/** The if_tsresol value when an interface has none: microseconds. */
export const DEFAULT_TSRESOL = 6;

/** True if `tsresol` (the if_tsresol option byte) is a resolution libpcap accepts. */
export function isValidTsresol(tsresol: number): boolean {
  if ((tsresol & BINARY_FLAG) !== 0) return (tsresol & ~BINARY_FLAG) <= MAX_BINARY_EXPONENT;
  return tsresol <= MAX_DECIMAL_EXPONENT;
}

/**
 * Turns an interface's 64-bit timestamps into whole seconds and nanoseconds, exactly.
 *
 * A timestamp counts units of 10^-n or 2^-n seconds since the epoch, plus the interface's
 * if_tsoffset seconds. Nanosecond counts pass 2^53 (year 2255 in microseconds, but already 1970
 * + 104 days in nanoseconds), so plain float division would lose digits. Decimal resolutions up
 * to nanoseconds divide the 64-bit value in 16-bit steps, each exact in a double; other
 * resolutions (rare) use BigInt. Results land in `sec` and `nsec` to avoid an object per packet.
 */
export class PcapngClock {
  /** Seconds of the last converted timestamp. */
  sec = 0;
  /** Nanoseconds within that second, truncated as libpcap truncates when it scales. */
  nsec = 0;

  /** Units per second for the exact float path, or 0 to use BigInt. */
  private readonly divisor: number;
  private readonly nsecPerUnit: number;
  private readonly unitsPerSecond: bigint;

  constructor(
    tsresol: number,
    /** if_tsoffset: seconds to add to every timestamp. */
    private readonly offsetSec: number,
  ) {
    const binary = (tsresol & BINARY_FLAG) !== 0;
    const exponent = tsresol & ~BINARY_FLAG;
    const fast = !binary && exponent <= MAX_FAST_DECIMAL_EXPONENT;
    this.divisor = fast ? 10 ** exponent : 0;
    this.nsecPerUnit = fast ? 10 ** (MAX_FAST_DECIMAL_EXPONENT - exponent) : 0;
    this.unitsPerSecond = binary ? 1n << BigInt(exponent) : 10n ** BigInt(exponent);
  }

  /** True when this clock resolves finer than a microsecond. */
  get finerThanMicros(): boolean {
    return this.unitsPerSecond > 1_000_000n;
  }

  /** Converts the timestamp whose high and low 32-bit halves are given. */
  convert(high: number, low: number): void {
    const d = this.divisor;
    if (d === 0) {
      this.convertBig(high, low);
      return;
    }

    const qHigh = Math.floor(high / d);
    const x1 = (high - qHigh * d) * TWO_POW_16 + (low >>> 16);
    const q1 = Math.floor(x1 / d);
    const x2 = (x1 - q1 * d) * TWO_POW_16 + (low & 0xffff);
    const q2 = Math.floor(x2 / d);

    this.sec = qHigh * TWO_POW_32 + q1 * TWO_POW_16 + q2 + this.offsetSec;
    this.nsec = (x2 - q2 * d) * this.nsecPerUnit;
  }

  private convertBig(high: number, low: number): void {
    const units = (BigInt(high) << 32n) | BigInt(low);
    const frac = units % this.unitsPerSecond;

    this.sec = Number(units / this.unitsPerSecond) + this.offsetSec;
    this.nsec = Number((frac * NANOS_PER_SECOND) / this.unitsPerSecond);
  }
}

/**
 * Time for live packets. `cap` hands packets over without the kernel's timestamp, so each one is
 * stamped when wirelog receives it: from a monotonic clock (never steps back when NTP or an
 * operator sets the wall clock, so durations and timers stay sane) anchored once to the wall
 * clock when the capture opens. Packets that waited in the kernel ring carry the time they
 * were read, not the time they arrived; libpcap's immediate mode keeps that wait short.
 */
import { performance } from 'node:perf_hooks';

const NS_PER_SECOND = 1_000_000_000;
const NS_PER_MS = 1_000_000;

/** Reads milliseconds: the wall clock since the epoch, and a monotonic clock. */
export interface ClockSources {
  readonly wallMs: () => number;
  readonly monotonicMs: () => number;
}

const SYSTEM_CLOCKS: ClockSources = {
  wallMs: () => Date.now(),
  monotonicMs: () => performance.now(),
};

export class LiveClock {
  /** Seconds since the epoch (`sec`) and nanoseconds within it (`nsec`) of the last `stamp`. */
  sec = 0;
  nsec = 0;

  private readonly anchorSec: number;
  private readonly anchorNsec: number;
  private readonly anchorMonotonicMs: number;

  constructor(private readonly sources: ClockSources = SYSTEM_CLOCKS) {
    const wallMs = sources.wallMs();
    this.anchorMonotonicMs = sources.monotonicMs();
    this.anchorSec = Math.floor(wallMs / 1000);
    this.anchorNsec = Math.round((wallMs - this.anchorSec * 1000) * NS_PER_MS);
  }

  /**
   * Sets `sec` and `nsec` to the current time. Two fields instead of a returned object: this
   * runs once per packet and must not allocate. The elapsed time is added in nanoseconds so a
   * large epoch value never eats the fraction's precision.
   */
  stamp(): void {
    const elapsedMs = this.sources.monotonicMs() - this.anchorMonotonicMs;
    const nsec = this.anchorNsec + Math.round(elapsedMs * NS_PER_MS);
    const carry = Math.floor(nsec / NS_PER_SECOND);

    this.sec = this.anchorSec + carry;
    this.nsec = nsec - carry * NS_PER_SECOND;
  }
}

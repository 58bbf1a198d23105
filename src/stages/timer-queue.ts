/**
 * Timers on network time: a binary min-heap ordered by due time, ties in insertion order.
 * An entry names its connection and what to check, rather than holding a closure, so a timer
 * costs one small object; entries of removed connections are skipped when due and swept out
 * when they pile up, so removed connections are not kept alive by pending timers.
 */

/** What a timer checks when it fires. */
export const enum TimerKind {
  /** Idle past the connection's inactivity timeout. */
  Inactivity,
  /** TCP: periodic check for an idle, (half) closed connection. */
  TcpExpire,
  /** TCP: the originator's SYN is still unanswered. */
  TcpAttempt,
  /** TCP: both sides closed; remove after the close delay. */
  TcpClose,
  /** A timer an analyzer scheduled; runs its callback. */
  Analyzer,
}

export interface Timer<C> {
  readonly due: number;
  readonly order: number;
  readonly kind: TimerKind;
  readonly target: C;
  /** Runs at end of input too (Zeek's "expire" timers), instead of being dropped. */
  readonly runAtEnd: boolean;
  /** The timeout the timer was armed with (inactivity timers only). */
  readonly timeout: number;
  /** What an analyzer timer runs. */
  readonly callback: ((now: number) => void) | undefined;
}

/** Below this many entries the queue is never swept. */
const SWEEP_MIN_ENTRIES = 4096;

export class TimerQueue<C> {
  private heap: Timer<C>[] = [];
  private nextOrder = 0;

  constructor(
    /** Whether an entry's target is gone, so the entry can be dropped. */
    private readonly isStale: (target: C) => boolean,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  add(
    due: number, kind: TimerKind, target: C, runAtEnd = false, timeout = 0,
    callback?: (now: number) => void,
  ): void {
    this.heap.push({ due, order: this.nextOrder++, kind, target, runAtEnd, timeout, callback });
    this.siftUp(this.heap.length - 1);
  }

  /** Pops the next timer due at or before `now`, skipping stale ones; undefined if none. */
  nextDue(now: number): Timer<C> | undefined {
    while (this.heap.length > 0 && this.heap[0].due <= now) {
      const timer = this.pop();
      if (!this.isStale(timer.target)) return timer;
    }
    return undefined;
  }

  /** At end of input: the live timers marked `runAtEnd`, in due order; the rest are dropped. */
  drainAtEnd(): Timer<C>[] {
    const out = this.heap.filter((t) => t.runAtEnd && !this.isStale(t.target));
    this.heap = [];
    return out.sort((a, b) => (this.before(a, b) ? -1 : 1));
  }

  /** Drops stale entries once they outnumber the live ones `factor` to one. */
  sweep(liveTargets: number, factor = 4): void {
    if (this.heap.length < SWEEP_MIN_ENTRIES || this.heap.length < factor * liveTargets) return;
    this.heap = this.heap.filter((t) => !this.isStale(t.target));
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private pop(): Timer<C> {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private before(a: Timer<C>, b: Timer<C>): boolean {
    return a.due < b.due || (a.due === b.due && a.order < b.order);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      const tmp = h[i];
      h[i] = h[parent];
      h[parent] = tmp;
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l], h[m])) m = l;
      if (r < h.length && this.before(h[r], h[m])) m = r;
      if (m === i) return;
      const tmp = h[i];
      h[i] = h[m];
      h[m] = tmp;
      i = m;
    }
  }
}

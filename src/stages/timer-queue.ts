/**
 * Timers on network time: a binary min-heap ordered by due time, ties in insertion order.
 * An entry names its connection and what to check, rather than holding a closure; entries of
 * removed connections are skipped when due and swept out when they pile up, so removed
 * connections are not kept alive by pending timers.
 *
 * Entries live in typed-array columns, not in an object each: a connection arms several
 * timers over its life, and an object per timer (with its boxed due time) was a large share
 * of what the garbage collector had to copy. The heap orders due times and insertion numbers
 * kept beside it; the rest of an entry stays in a slot that the heap names.
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

type Callback = (now: number) => void;

/** Below this many entries the queue is never swept. */
const SWEEP_MIN_ENTRIES = 4096;
/** Entries the columns hold before they first grow (they double when full). */
const INITIAL_CAPACITY = 1024;

/** A due timer handed out by `nextDue`; one object, refilled on every call. */
class DueTimer<C> implements Timer<C> {
  due = 0;
  order = 0;
  kind = TimerKind.Inactivity;
  target!: C;
  runAtEnd = false;
  timeout = 0;
  callback: Callback | undefined = undefined;
}

export class TimerQueue<C> {
  private count = 0;
  private nextOrder = 0;
  private capacity = 0;

  // Heap columns, in heap order: due time, insertion number, and the slot of the entry.
  private heapDue = new Float64Array(0);
  private heapOrder = new Float64Array(0);
  private heapSlot = new Int32Array(0);

  // Slot columns: the rest of each entry. Free slots are stacked in `freeSlots`.
  private kind = new Uint8Array(0);
  private runAtEnd = new Uint8Array(0);
  private timeout = new Float64Array(0);
  private target: (C | undefined)[] = [];
  private callback: (Callback | undefined)[] = [];
  private freeSlots = new Int32Array(0);
  private freeCount = 0;

  private readonly due = new DueTimer<C>();

  constructor(
    /** Whether an entry's target is gone, so the entry can be dropped. */
    private readonly isStale: (target: C) => boolean,
  ) {
    this.grow(INITIAL_CAPACITY);
  }

  get size(): number {
    return this.count;
  }

  add(
    due: number, kind: TimerKind, target: C, runAtEnd = false, timeout = 0, callback?: Callback,
  ): void {
    if (this.count === this.capacity) this.grow(this.capacity * 2);

    const slot = this.freeSlots[--this.freeCount];
    this.kind[slot] = kind;
    this.runAtEnd[slot] = runAtEnd ? 1 : 0;
    this.timeout[slot] = timeout;
    this.target[slot] = target;
    this.callback[slot] = callback;

    this.siftUp(this.count++, due, this.nextOrder++, slot);
  }

  /**
   * Pops the next timer due at or before `now`, skipping stale ones; undefined if none. The
   * returned timer is one reused object: read it before the next call.
   */
  nextDue(now: number): Timer<C> | undefined {
    while (this.count > 0 && this.heapDue[0] <= now) {
      const slot = this.heapSlot[0];
      const target = this.target[slot] as C;
      const stale = this.isStale(target);
      if (!stale) this.fill(this.due, this.heapDue[0], this.heapOrder[0], slot);
      this.popTop();
      if (!stale) return this.due;
    }
    return undefined;
  }

  /** At end of input: the live timers marked `runAtEnd`, in due order; the rest are dropped. */
  drainAtEnd(): Timer<C>[] {
    const out: Timer<C>[] = [];
    for (let k = 0; k < this.count; k++) {
      const slot = this.heapSlot[k];
      if (this.runAtEnd[slot] === 0 || this.isStale(this.target[slot] as C)) continue;
      out.push(this.fill(new DueTimer<C>(), this.heapDue[k], this.heapOrder[k], slot));
    }
    this.clear();
    return out.sort((a, b) => (a.due < b.due || (a.due === b.due && a.order < b.order) ? -1 : 1));
  }

  /** Drops stale entries once they outnumber the live ones `factor` to one. */
  sweep(liveTargets: number, factor = 4): void {
    if (this.count < SWEEP_MIN_ENTRIES || this.count < factor * liveTargets) return;

    let kept = 0;
    for (let k = 0; k < this.count; k++) {
      const slot = this.heapSlot[k];
      if (this.isStale(this.target[slot] as C)) {
        this.freeSlot(slot);
        continue;
      }
      this.heapDue[kept] = this.heapDue[k];
      this.heapOrder[kept] = this.heapOrder[k];
      this.heapSlot[kept++] = slot;
    }
    this.count = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private fill(timer: DueTimer<C>, due: number, order: number, slot: number): DueTimer<C> {
    timer.due = due;
    timer.order = order;
    timer.kind = this.kind[slot];
    timer.target = this.target[slot] as C;
    timer.runAtEnd = this.runAtEnd[slot] !== 0;
    timer.timeout = this.timeout[slot];
    timer.callback = this.callback[slot];
    return timer;
  }

  /** Removes the root entry and frees its slot. */
  private popTop(): void {
    this.freeSlot(this.heapSlot[0]);
    const last = --this.count;
    if (last === 0) return;
    this.heapDue[0] = this.heapDue[last];
    this.heapOrder[0] = this.heapOrder[last];
    this.heapSlot[0] = this.heapSlot[last];
    this.siftDown(0);
  }

  /** Drops the references a slot holds (so they can be collected) and makes it reusable. */
  private freeSlot(slot: number): void {
    this.target[slot] = undefined;
    this.callback[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
  }

  private clear(): void {
    for (let k = 0; k < this.count; k++) this.freeSlot(this.heapSlot[k]);
    this.count = 0;
  }

  /** True if entry (dueA, orderA) runs before entry (dueB, orderB). */
  private static before(dueA: number, orderA: number, dueB: number, orderB: number): boolean {
    return dueA < dueB || (dueA === dueB && orderA < orderB);
  }

  /** Places a new entry, starting from the free position `i`, moving parents down past it. */
  private siftUp(i: number, due: number, order: number, slot: number): void {
    const hd = this.heapDue;
    const ho = this.heapOrder;
    const hs = this.heapSlot;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!TimerQueue.before(due, order, hd[parent], ho[parent])) break;
      hd[i] = hd[parent];
      ho[i] = ho[parent];
      hs[i] = hs[parent];
      i = parent;
    }
    hd[i] = due;
    ho[i] = order;
    hs[i] = slot;
  }

  /** Moves the entry at `i` down to where its children no longer run before it. */
  private siftDown(i: number): void {
    const hd = this.heapDue;
    const ho = this.heapOrder;
    const hs = this.heapSlot;
    const n = this.count;
    const due = hd[i];
    const order = ho[i];
    const slot = hs[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && TimerQueue.before(hd[right], ho[right], hd[child], ho[child])) child = right;
      if (!TimerQueue.before(hd[child], ho[child], due, order)) break;
      hd[i] = hd[child];
      ho[i] = ho[child];
      hs[i] = hs[child];
      i = child;
    }
    hd[i] = due;
    ho[i] = order;
    hs[i] = slot;
  }

  /** Grows every column to `capacity` entries; the new slots join the free stack. */
  private grow(capacity: number): void {
    this.heapDue = resized(this.heapDue, new Float64Array(capacity));
    this.heapOrder = resized(this.heapOrder, new Float64Array(capacity));
    this.heapSlot = resized(this.heapSlot, new Int32Array(capacity));
    this.kind = resized(this.kind, new Uint8Array(capacity));
    this.runAtEnd = resized(this.runAtEnd, new Uint8Array(capacity));
    this.timeout = resized(this.timeout, new Float64Array(capacity));
    this.freeSlots = resized(this.freeSlots, new Int32Array(capacity));
    while (this.target.length < capacity) {
      this.target.push(undefined);
      this.callback.push(undefined);
    }
    for (let slot = capacity - 1; slot >= this.capacity; slot--) {
      this.freeSlots[this.freeCount++] = slot;
    }
    this.capacity = capacity;
  }
}

/** `to` with the elements of `from` copied to its start. */
function resized<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

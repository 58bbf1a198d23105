/**
 * Timers on network time: a binary min-heap ordered by due time, ties in insertion order.
 * Timers are created per connection event (a SYN, a close), never per packet.
 */

export interface Timer {
  readonly due: number;
  /** Insertion number, to keep equal due times in order. */
  readonly order: number;
  readonly fire: (now: number) => void;
  /** Runs at end of input too (Zeek's "expire" timers), instead of being dropped. */
  readonly runAtEnd: boolean;
}

export class TimerQueue {
  private readonly heap: Timer[] = [];
  private nextOrder = 0;

  get size(): number {
    return this.heap.length;
  }

  add(due: number, fire: (now: number) => void, runAtEnd = false): void {
    this.heap.push({ due, order: this.nextOrder++, fire, runAtEnd });
    this.siftUp(this.heap.length - 1);
  }

  /** Fires every timer due at or before `now`, in due order. */
  advance(now: number): void {
    while (this.heap.length > 0 && this.heap[0].due <= now) this.pop().fire(now);
  }

  /** At end of input: fires the timers marked `runAtEnd`, drops the rest. */
  drainAtEnd(now: number): void {
    while (this.heap.length > 0) {
      const timer = this.pop();
      if (timer.runAtEnd) timer.fire(now);
    }
  }

  private pop(): Timer {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private before(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.order < b.order);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
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
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}

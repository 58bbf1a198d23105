import fc from 'fast-check';
import t from 'tap';

import { TimerKind, TimerQueue } from '../../src/stages/timer-queue.js';

interface Target {
  readonly id: number;
  removed: boolean;
}

/** Pops every timer due at or before `now`, as ids in firing order. */
function popAll(q: TimerQueue<Target>, now: number): number[] {
  const ids: number[] = [];
  for (let timer = q.nextDue(now); timer !== undefined; timer = q.nextDue(now)) {
    ids.push(timer.target.id);
  }
  return ids;
}

t.test('timers: fire in due order, equal due times in the order they were armed', async (t) => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3000 }), (dues) => {
    const q = new TimerQueue<Target>((c) => c.removed);
    dues.forEach((due, id) => q.add(due, TimerKind.Inactivity, { id, removed: false }));

    const expected = dues.map((due, id) => ({ due, id }))
      .sort((a, b) => a.due - b.due || a.id - b.id).map((e) => e.id);
    return JSON.stringify(popAll(q, Infinity)) === JSON.stringify(expected) && q.size === 0;
  }), { numRuns: 200 });
});

t.test('timers: only those due by now fire, and each carries what it was armed with', async (t) => {
  const q = new TimerQueue<Target>((c) => c.removed);
  const callback = () => {};
  q.add(5, TimerKind.TcpAttempt, { id: 1, removed: false }, true);
  q.add(3, TimerKind.Inactivity, { id: 2, removed: false }, false, 60);
  q.add(9, TimerKind.Analyzer, { id: 3, removed: false }, false, 0, callback);

  const first = q.nextDue(4)!;
  t.same([first.target.id, first.kind, first.timeout, first.runAtEnd, first.due],
    [2, TimerKind.Inactivity, 60, false, 3]);
  t.equal(q.nextDue(4), undefined);
  const second = q.nextDue(9)!;
  t.same([second.target.id, second.kind, second.runAtEnd], [1, TimerKind.TcpAttempt, true]);
  t.equal(q.nextDue(9)!.callback, callback);
  t.equal(q.size, 0);
});

t.test('timers: a removed target never fires, and sweeping drops its entries', async (t) => {
  const q = new TimerQueue<Target>((c) => c.removed);
  const targets = Array.from({ length: 5000 }, (_, id) => ({ id, removed: id % 5 !== 0 }));
  for (const c of targets) q.add(c.id % 97, TimerKind.TcpExpire, c);

  q.sweep(1000);
  t.equal(q.size, 1000);
  const fired = popAll(q, Infinity);
  t.equal(fired.length, 1000);
  t.ok(fired.every((id) => id % 5 === 0));
});

t.test('timers: at end only live runAtEnd timers remain, in due order', async (t) => {
  const q = new TimerQueue<Target>((c) => c.removed);
  const gone = { id: 0, removed: true };
  q.add(7, TimerKind.TcpAttempt, { id: 1, removed: false }, true);
  q.add(2, TimerKind.TcpAttempt, { id: 2, removed: false }, true);
  q.add(1, TimerKind.TcpAttempt, gone, true);
  q.add(1, TimerKind.Inactivity, { id: 3, removed: false });

  t.same(q.drainAtEnd().map((x) => x.target.id), [2, 1]);
  t.equal(q.size, 0);
  t.equal(q.nextDue(Infinity), undefined);
});

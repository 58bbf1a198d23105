import t from 'tap';

import { FileReassembler } from '../../../src/analyzers/files/file-reassembler.js';

/** A reassembler whose stream is collected: delivered bytes, gaps as `-` per missing byte. */
function collecting(next = 0) {
  const out: string[] = [];
  const r = new FileReassembler(
    {
      deliver: (b) => out.push(Buffer.from(b).toString('latin1')),
      gap: (n) => out.push('-'.repeat(n)),
    },
    next,
  );
  return { r, text: () => out.join('') };
}

t.test('reassembler: a range sent one byte per segment is linear, not quadratic', async (t) => {
  const { r, text } = collecting();
  const n = 200_000;
  const started = performance.now();
  // Starts at 1: every byte is held ahead of the stream until byte 0 comes.
  for (let i = 1; i <= n; i++) r.insert(i, Uint8Array.of(0x61 + (i % 26)));
  const ms = performance.now() - started;
  t.equal(r.heldBytes, n);
  t.ok(ms < 3000, `${n} one-byte inserts took ${ms.toFixed(0)} ms`);
  r.insert(0, Uint8Array.of(0x41));
  t.equal(r.heldBytes, 0);
  const s = text();
  t.equal(s.length, n + 1);
  t.equal(s.slice(0, 4), 'Abcd');
});

t.test(
  'reassembler: out-of-order and overlapping pieces keep the bytes that came first',
  async (t) => {
    // A deterministic shuffle of overlapping pieces of a known text, against a simple model.
    const size = 3000;
    const truth = Buffer.alloc(size);
    for (let i = 0; i < size; i++) truth[i] = 0x61 + ((i * 7) % 26);
    let seed = 12345;
    const rand = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    for (let round = 0; round < 20; round++) {
      const { r, text } = collecting();
      const model = new Array<number | undefined>(size).fill(undefined);
      for (let k = 0; k < 400; k++) {
        const start = rand(size);
        const len = 1 + rand(Math.min(40, size - start));
        // A later piece carries different bytes: the first ones must win where they overlap.
        const piece = Buffer.from(truth.subarray(start, start + len)).map((b) => b + (k % 2));
        r.insert(start, piece);
        for (let i = 0; i < len; i++) model[start + i] ??= piece[i];
      }
      r.flushTo(size);
      const expected = model.map((b) => (b === undefined ? '-' : String.fromCharCode(b))).join('');
      t.equal(text(), expected, `round ${round}`);
    }
  },
);

t.test('reassembler: offsets past 2^53 are refused, never looped on', async (t) => {
  const { r } = collecting();
  t.equal(r.insert(2 ** 53 - 10, new Uint8Array(20)), 11, 'the bytes past the last safe offset');
  t.equal(r.insert(2 ** 53, new Uint8Array(1)), 1, 'returns at once');
  t.equal(r.insert(2 ** 60, new Uint8Array(5)), 5);
  t.equal(r.heldBytes, 9);
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import t from 'tap';

import type { LogRecord, LogStreamSpec } from '../../src/logging/log-stream.js';
import { LogFileSink } from '../../src/sinks/log-file-sink.js';
import { OutputBuffer } from '../../src/sinks/output-buffer.js';
import { renderTsvHeader, renderTsvRecord } from '../../src/sinks/tsv-format.js';
import { writeTsvRecord } from '../../src/sinks/tsv-record-writer.js';

const SPEC: LogStreamSpec = {
  path: 'sample',
  doc: 'Every kind of field the writer treats on its own.',
  fields: [
    { name: 'ts', type: 'time', doc: '' },
    { name: 'dur', type: 'interval', optional: true, doc: '' },
    { name: 'n', type: 'count', optional: true, doc: '' },
    { name: 'i', type: 'int', optional: true, doc: '' },
    { name: 'p', type: 'port', doc: '' },
    { name: 'ok', type: 'bool', optional: true, doc: '' },
    { name: 's', type: 'string', optional: true, doc: '' },
    { name: 'h', type: 'addr', doc: '' },
    { name: 'e', type: 'enum', doc: '' },
    { name: 'd', type: 'double', optional: true, doc: '' },
    { name: 'set', type: 'set[string]', optional: true, doc: '' },
  ],
};

/** What the writer must produce: the string renderer's line, as latin1 bytes. */
function expected(record: LogRecord): string {
  return renderTsvRecord(SPEC, record) + '\n';
}

function written(record: LogRecord): string {
  const out = new OutputBuffer(8);
  writeTsvRecord(out, SPEC, record);
  return out.bytes.toString('latin1');
}

const times = fc.oneof(
  fc.double({ noNaN: false }),
  fc.double({ min: 0, max: 2e9, noNaN: true }),
  // Values on and next to rounding ties of the sixth decimal.
  fc.integer({ min: 0, max: 2e9 }).chain((s) =>
    fc.integer({ min: 0, max: 999_999 }).map((u) => s + (u + 0.5) / 1e6)),
  fc.integer({ min: 0, max: 999_999 }).map((u) => (u + 0.5) / 1e6),
  fc.constantFrom(0, -0, 0.0000005, 1.0000005, 0.9999995, 2 ** 52, 2 ** 53, 1e21, -1.5),
);
const text = fc.oneof(
  fc.string(),
  fc.constantFrom('', '-', '(empty)', 'a\\b', 'tab\there', 'caf\u00e9', 'S0', 'ShAdDaFf'),
  fc.uint8Array({ maxLength: 8 }),
);
const integer = fc.oneof(
  fc.nat(),
  fc.integer(),
  fc.constantFrom(0, -0, 2 ** 53, 2 ** 53 - 1, 1.5, 1e21),
  fc.bigInt({ min: 0n, max: 2n ** 64n }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

t.test('tsv writer: every value is written as renderTsvRecord renders it', async (t) => {
  const record = fc.record({
    ts: times, dur: maybe(times), n: maybe(integer), i: maybe(integer), p: fc.nat(65535),
    ok: maybe(fc.boolean()), s: maybe(text), h: fc.constantFrom('10.0.0.1', '::1', 'fe80::1'),
    e: fc.constantFrom('tcp', 'udp'), d: maybe(fc.double()),
    set: maybe(fc.array(fc.string(), { maxLength: 3 })),
  });
  fc.assert(fc.property(record, (r) => written(r) === expected(r)), { numRuns: 5000 });
});

t.test('tsv writer: times round as toFixed(6) does, ties included', async (t) => {
  const out = new OutputBuffer(4);
  fc.assert(fc.property(times, (x) => {
    out.clear();
    const fast = out.fixed6(x);
    return !fast || out.bytes.toString('latin1') === x.toFixed(6);
  }), { numRuns: 20000 });
  t.equal(written({ ts: 1300475167.096535, p: 0, h: '', e: '' }).split('\t')[0],
    '1300475167.096535');
});

t.test('log file sink: records split across flushes make the same file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wirelog-sink-'));
  const opened = new Date(2024, 0, 2, 3, 4, 5);
  const sink = new LogFileSink({ dir, format: 'tsv', flushBytes: 40, now: () => opened });
  const records: LogRecord[] = [];
  for (let k = 0; k < 50; k++) {
    records.push({ ts: 1e9 + k / 7, n: k * 1000, p: k, h: `10.0.0.${k}`, e: 'tcp', s: `r${k}` });
  }

  sink.openStream(SPEC);
  for (const r of records) sink.write(SPEC, r);
  await sink.close();

  const body = records.map((r) => renderTsvRecord(SPEC, r) + '\n').join('');
  const footer = '#close\t2024-01-02-03-04-05\n';
  t.equal(readFileSync(join(dir, 'sample.log'), 'latin1'),
    renderTsvHeader(SPEC, opened) + body + footer);
});

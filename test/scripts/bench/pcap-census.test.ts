import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import type { Test } from 'tap';

import { censusPcap } from '../../../scripts/bench/pcap-census.js';

/** A pcap file of records with the given captured lengths, in either byte order. */
function pcapBytes(magic: number, littleEndian: boolean, lengths: readonly number[]): Buffer {
  const header = Buffer.alloc(24);
  const write = (buf: Buffer, value: number, at: number) =>
    littleEndian ? buf.writeUInt32LE(value, at) : buf.writeUInt32BE(value, at);
  write(header, magic, 0);
  write(header, 65535, 16);
  write(header, 1, 20);

  const records = lengths.map((length, i) => {
    const record = Buffer.alloc(16 + length, 0xab);
    write(record, 1700000000 + i, 0);
    write(record, length, 8);
    write(record, length, 12);
    return record;
  });
  return Buffer.concat([header, ...records]);
}

function withFile(t: Test, bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'census-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'capture.pcap');
  writeFileSync(file, bytes);
  return file;
}

t.test('census: counts every record of a little-endian microsecond pcap', async (t) => {
  const bytes = pcapBytes(0xa1b2c3d4, true, [60, 1514, 0, 42]);
  const census = censusPcap(withFile(t, bytes));
  t.same(census, { packets: 4, bytes: bytes.length });
});

t.test('census: reads record lengths big-endian in a big-endian nanosecond pcap', async (t) => {
  const bytes = pcapBytes(0xa1b23c4d, false, [300, 70]);
  t.equal(censusPcap(withFile(t, bytes)).packets, 2);
});

t.test('census: counts records spanning its one-megabyte read chunks', async (t) => {
  const lengths = Array.from({ length: 3000 }, (_, i) => 400 + (i % 1100));
  t.equal(censusPcap(withFile(t, pcapBytes(0xa1b2c3d4, true, lengths))).packets, 3000);
});

t.test('census: leaves out a last record cut short by the end of the file', async (t) => {
  const bytes = pcapBytes(0xa1b2c3d4, true, [100, 100, 100]);
  t.equal(censusPcap(withFile(t, bytes.subarray(0, bytes.length - 1))).packets, 2);
  t.equal(censusPcap(withFile(t, bytes.subarray(0, bytes.length - 110))).packets, 2);
});

t.test('census: refuses a pcapng file instead of guessing', async (t) => {
  const bytes = Buffer.from('0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000', 'hex');
  t.throws(() => censusPcap(withFile(t, bytes)), /not a pcap file/);
});

t.test('census: finds the 269 packets the sample capture README states', async (t) => {
  const sample = resolve(import.meta.dirname, '../../fixtures/sample/sample.pcap');
  t.equal(censusPcap(sample).packets, 269);
});

import {
  existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import type { Test } from 'tap';
import { CountingWeirdReporter } from '../../src/events/weird-reporter.js';
import type { CaptureSourceOptions } from '../../src/stages/capture-source.js';
import { openCaptureFile } from '../../src/stages/capture-source.js';
import { READ_CHUNK_BYTES } from '../../src/stages/capture-limits.js';
import type { PacketBatch } from '../../src/stages/packet-batch.js';
import { sharedDir } from '../shared-path.js';
import {
  block, epb, idb, packetBlock, payload, pcapFile, shb, spb,
} from './capture-bytes.js';

interface Row {
  sec: number;
  nsec: number;
  caplen: number;
  wirelen: number;
  linkType: number;
  ifIndex: number;
  frameNo: number;
  hex: string;
}

async function readAll(pathOrFile: string, opts: CaptureSourceOptions = {}) {
  const reporter = new CountingWeirdReporter();
  const source = openCaptureFile(pathOrFile, { reporter, ...opts });
  const rows: Row[] = [];
  const batches: PacketBatch[] = [];
  for await (const batch of source as AsyncIterable<PacketBatch>) {
    batches.push(batch);
    for (let i = 0; i < batch.count; i++) rows.push(rowOf(batch, i));
  }
  return { rows, batches, source, weirds: Object.fromEntries(reporter.counts) };
}

function rowOf(b: PacketBatch, i: number): Row {
  return {
    sec: b.tsSec[i], nsec: b.tsNsec[i], caplen: b.caplen[i], wirelen: b.wirelen[i],
    linkType: b.linkType[i], ifIndex: b.ifIndex[i], frameNo: b.frameNo[i],
    hex: b.bytes(i).toString('hex'),
  };
}

/** Writes `bytes` to a file in a fresh temporary folder, removed when the test ends. */
function fileWith(t: Test, name: string, bytes: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-capture-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}


const A = Buffer.from('0102030405', 'hex');
const B = Buffer.from('aabbccddeeff', 'hex');

t.test('pcap: little-endian records keep time, lengths, link type and bytes', async (t) => {
  // d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000   header, link type 1
  // 10000000 40e20100 05000000 3c000000 0102030405         sec 16, usec 123456
  const bytes = pcapFile({}, [
    { sec: 16, frac: 123456, data: A, wirelen: 60 },
    { sec: 17, frac: 0, data: B },
  ]);
  const { rows, weirds, source } = await readAll(fileWith(t, 'le.pcap', bytes));
  t.same(rows, [
    { sec: 16, nsec: 123456000, caplen: 5, wirelen: 60, linkType: 1, ifIndex: 0, frameNo: 1,
      hex: '0102030405' },
    { sec: 17, nsec: 0, caplen: 6, wirelen: 6, linkType: 1, ifIndex: 0, frameNo: 2,
      hex: 'aabbccddeeff' },
  ]);
  t.same(weirds, {});
  t.equal(source.packets, 2);
  t.equal(source.weirds, 0);
});

t.test('pcap: big-endian and nanosecond files read the same packets', async (t) => {
  const be = pcapFile({ le: false, linkType: 101 }, [{ sec: 16, frac: 999999, data: A }]);
  const nano = pcapFile({ nano: true }, [{ sec: 16, frac: 999999999, data: A }]);
  const nanoBe = pcapFile({ nano: true, le: false }, [{ sec: 16, frac: 1, data: A }]);

  const r1 = (await readAll(fileWith(t, 'be.pcap', be))).rows[0];
  t.match(r1, { sec: 16, nsec: 999999000, linkType: 101, hex: '0102030405' });
  const r2 = await readAll(fileWith(t, 'nano.pcap', nano));
  t.match(r2.rows[0], { sec: 16, nsec: 999999999, hex: '0102030405' });
  t.equal(r2.source.captureInfo?.nanosecond, true);
  t.match((await readAll(fileWith(t, 'nbe.pcap', nanoBe))).rows[0], { sec: 16, nsec: 1 });
});

t.test('pcap: the link-type field is masked as libpcap does, the raw field kept for writers',
  async (t) => {
    const fcs = await readAll(fileWith(t, 'a.pcap', pcapFile({ linkType: 0x04000001 }, [
      { sec: 1, frac: 0, data: A },
    ])));
    t.equal(fcs.rows[0].linkType, 1);
    t.equal(fcs.source.captureInfo?.headerLinkType, 0x04000001);

    const radiotap = await readAll(fileWith(t, 'b.pcap', pcapFile({ linkType: 0x3000007f }, [
      { sec: 1, frac: 0, data: A },
    ])));
    t.equal(radiotap.rows[0].linkType, 127);
    t.same(radiotap.weirds, {});
  });

t.test('pcap: seconds are unsigned, 0xFFFFFFFF is in 2106', async (t) => {
  const bytes = pcapFile({}, [{ sec: 0xffffffff, frac: 5, data: A }]);
  const { rows } = await readAll(fileWith(t, 'max.pcap', bytes));
  t.equal(rows[0].sec, 4294967295);
  t.equal(new Date(rows[0].sec * 1000).getUTCFullYear(), 2106);
});

t.test('pcap: a sub-second field out of range raises a weird and is carried into seconds',
  async (t) => {
    const bytes = pcapFile({}, [
      { sec: 10, frac: 999999, data: A },
      { sec: 10, frac: 1000000, data: A },
      { sec: 10, frac: 2147483648, data: A },
    ]);
    const { rows, weirds } = await readAll(fileWith(t, 'ts.pcap', bytes));
    t.same(rows.map((r) => [r.sec, r.nsec]), [[10, 999999000], [11, 0], [2157, 483648000]]);
    t.same(weirds, { pcap_invalid_timestamp: 2 });
  });

t.test('pcap: a truncated last record raises a weird after every earlier packet', async (t) => {
  const whole = pcapFile({}, [{ sec: 1, frac: 0, data: A }, { sec: 2, frac: 0, data: B }]);
  const cut = whole.subarray(0, whole.length - 2);
  const { rows, weirds, source } = await readAll(fileWith(t, 'cut.pcap', cut));
  t.same(rows.map((r) => r.hex), ['0102030405']);
  t.same(weirds, { pcap_truncated_record: 1 });
  t.equal(source.weirds, 1);
  t.same(Object.fromEntries(source.weirdCounts), { pcap_truncated_record: 1 });

  const headerOnlyCut = await readAll(fileWith(t, 'h.pcap', whole.subarray(0, 10)));
  t.same(headerOnlyCut.weirds, { pcap_truncated_header: 1 });
});

t.test('pcap: a caplen above maxPacketBytes stops reading with a weird', async (t) => {
  const bytes = pcapFile({}, [
    { sec: 1, frac: 0, data: A },
    { sec: 2, frac: 0, data: payload(100) },
    { sec: 3, frac: 0, data: A },
  ]);
  const file = fileWith(t, 'big.pcap', bytes);
  const limited = await readAll(file, { maxPacketBytes: 99 });
  t.same(limited.rows.map((r) => r.sec), [1]);
  t.same(limited.weirds, { pcap_bad_caplen: 1 });

  const bogus = pcapFile({}, [{ sec: 1, frac: 0, data: A }, { sec: 2, frac: 0, data: A,
    caplen: 0x7fffffff }]);
  const damaged = await readAll(fileWith(t, 'bogus.pcap', bogus));
  t.same(damaged.rows.map((r) => r.sec), [1]);
  t.same(damaged.weirds, { pcap_bad_caplen: 1 });

  t.equal((await readAll(file)).rows.length, 3, 'the default limit lets 100 bytes through');
});

t.test('pcap: a record longer than the snaplen is cut to it, as libpcap does', async (t) => {
  const bytes = pcapFile({ snaplen: 4 }, [{ sec: 1, frac: 0, data: A, wirelen: 70 }]);
  const { rows, weirds } = await readAll(fileWith(t, 'snap.pcap', bytes));
  t.match(rows[0], { caplen: 4, wirelen: 70, hex: '01020304' });
  t.same(weirds, { pcap_caplen_exceeds_snaplen: 1 });
});

t.test('pcap: a file with only its 24-byte header is an empty capture, not an error',
  async (t) => {
    const { rows, weirds, source } = await readAll(fileWith(t, 'e.pcap', pcapFile({}, [])));
    t.equal(rows.length, 0);
    t.same(weirds, {});
    t.match(source.captureInfo, { format: 'pcap', snaplen: 65535, headerLinkType: 1 });
  });

t.test('pcap: batches hold batchSize packets each', async (t) => {
  const records = [1, 2, 3, 4, 5].map((sec) => ({ sec, frac: 0, data: A }));
  const { batches, rows } = await readAll(fileWith(t, 'b.pcap', pcapFile({}, records)),
    { batchSize: 2 });
  t.same(batches.map((b) => b.count), [2, 2, 1]);
  t.same(rows.map((r) => r.frameNo), [1, 2, 3, 4, 5]);
});

t.test('pcapng: packets take link type, index and time resolution from their interface',
  async (t) => {
    // Interface 0: Ethernet, microseconds. Interface 1: raw IP, nanoseconds, offset +100 s.
    const bytes = Buffer.concat([
      shb(),
      idb(1, 0),
      idb(101, 128, { tsresol: 9, tsoffset: 100n }),
      epb(0, 1_700_000_000_123_456n, A, 60),
      epb(1, 1_700_000_000_987_654_321n, B),
    ]);
    const { rows, weirds, source } = await readAll(fileWith(t, 'two.pcapng', bytes));
    t.same(rows, [
      { sec: 1700000000, nsec: 123456000, caplen: 5, wirelen: 60, linkType: 1, ifIndex: 0,
        frameNo: 1, hex: '0102030405' },
      { sec: 1700000100, nsec: 987654321, caplen: 6, wirelen: 6, linkType: 101, ifIndex: 1,
        frameNo: 2, hex: 'aabbccddeeff' },
    ]);
    t.same(weirds, {});
    t.match(source.captureInfo, { format: 'pcapng', headerLinkType: 1, snaplen: 262144 });
  });

t.test('pcapng: power-of-two resolutions and 64-bit timestamps beyond 2106 are exact',
  async (t) => {
    const bytes = Buffer.concat([
      shb(),
      idb(1, 0, { tsresol: 0x80 | 10 }), // 1/1024 s
      idb(1, 0, { tsresol: 9 }),
      idb(1, 0, { tsresol: 12 }), // picoseconds
      epb(0, 3n * 1024n + 512n, A),
      epb(1, 4323283200n * 1_000_000_000n + 123456789n, A), // year 2107
      epb(2, 10_000_000_000_000_000_000n + 123_456_789_999n, A), // 2^63 < units < 2^64
    ]);
    const { rows } = await readAll(fileWith(t, 'res.pcapng', bytes));
    t.same(rows.map((r) => [r.sec, r.nsec]), [
      [3, 500000000],
      [4323283200, 123456789],
      [10000000, 123456789],
    ]);
  });

t.test('pcapng: simple and obsolete packet blocks, skipping other blocks', async (t) => {
  const bytes = Buffer.concat([
    shb(),
    idb(1, 4),
    spb(60, payload(4)), // caplen = min(snaplen 4, original length 60)
    block(5, Buffer.alloc(20)), // interface statistics
    block(4, Buffer.alloc(4)), // name resolution
    block(0x40000bad, payload(7)), // custom block
    block(0x1234, payload(3)), // unknown type
    packetBlock(0, 2_000_001n, payload(3, 9)),
  ]);
  const { rows, weirds } = await readAll(fileWith(t, 'spb.pcapng', bytes));
  t.same(rows.map((r) => [r.sec, r.nsec, r.caplen, r.wirelen, r.hex]), [
    [0, 0, 4, 60, '00010203'],
    [2, 1000, 3, 3, '090a0b'],
  ]);
  t.same(weirds, {});
});

t.test('pcapng: sections in both byte orders, each with its own interfaces', async (t) => {
  const bytes = Buffer.concat([
    shb(true),
    idb(1, 0),
    epb(0, 1_000_000n, A),
    shb(false),
    idb(228, 0, {}, false),
    epb(0, 2_000_000n, B, undefined, false),
  ]);
  const { rows, weirds } = await readAll(fileWith(t, 'sections.pcapng', bytes));
  t.same(rows.map((r) => [r.sec, r.linkType, r.hex]), [
    [1, 1, '0102030405'],
    [2, 228, 'aabbccddeeff'],
  ]);
  t.same(weirds, {});
});

t.test('pcapng: a packet on an undeclared interface is skipped with a weird', async (t) => {
  const bytes = Buffer.concat([shb(), idb(1, 0), epb(3, 1n, A), epb(0, 2_000_000n, B)]);
  const { rows, weirds } = await readAll(fileWith(t, 'iface.pcapng', bytes));
  t.same(rows.map((r) => r.sec), [2]);
  t.same(weirds, { pcapng_unknown_interface: 1 });
});

t.test('pcapng: an impossible block length stops reading after the packets before it',
  async (t) => {
    const good = Buffer.concat([shb(), idb(1, 0), epb(0, 1_000_000n, A)]);
    const odd = epb(0, 2_000_000n, B);
    odd.writeUInt32LE(13, 4); // not a multiple of 4

    const { rows, weirds } = await readAll(fileWith(t, 'len.pcapng', Buffer.concat([good, odd])));
    t.same(rows.map((r) => r.sec), [1]);
    t.same(weirds, { pcapng_bad_block_length: 1 });

    const mismatch = epb(0, 2_000_000n, B);
    mismatch.writeUInt32LE(999, mismatch.length - 4);
    const m = await readAll(fileWith(t, 'trail.pcapng', Buffer.concat([good, mismatch, good])));
    t.same(m.rows.map((r) => r.sec), [1]);
    t.same(m.weirds, { pcapng_bad_block_length: 1 });
  });

t.test('pcapng: a truncated last block and an over-long caplen are weirds', async (t) => {
  const good = Buffer.concat([shb(), idb(1, 0), epb(0, 1_000_000n, A)]);
  const last = epb(0, 2_000_000n, B);
  const cut = await readAll(fileWith(t, 'cut.pcapng',
    Buffer.concat([good, last.subarray(0, 20)])));
  t.same(cut.rows.map((r) => r.sec), [1]);
  t.same(cut.weirds, { pcapng_truncated_block: 1 });

  const liar = epb(0, 2_000_000n, B);
  liar.writeUInt32LE(400, 20); // caplen beyond the block
  const l = await readAll(fileWith(t, 'liar.pcapng', Buffer.concat([good, liar, good.subarray(
    good.length - epb(0, 1_000_000n, A).length)])));
  t.same(l.rows.map((r) => r.sec), [1, 1], 'the block after the damaged one is read');
  t.same(l.weirds, { pcapng_bad_caplen: 1 });
});

t.test('gzip: compressed captures are detected by magic bytes, not by name', async (t) => {
  const plain = pcapFile({}, [{ sec: 1, frac: 0, data: A }, { sec: 2, frac: 0, data: B }]);
  const { rows, weirds } = await readAll(fileWith(t, 'capture.bin', gzipSync(plain)));
  t.same(rows.map((r) => r.hex), ['0102030405', 'aabbccddeeff']);
  t.same(weirds, {});

  const ng = Buffer.concat([shb(), idb(1, 0), epb(0, 5_000_000n, A)]);
  t.same((await readAll(fileWith(t, 'x.pcapng', gzipSync(ng)))).rows.map((r) => r.sec), [5]);
});

t.test('gzip: a cut-off compressed file gives the packets before the cut and a weird',
  async (t) => {
    const records = Array.from({ length: 50 }, (_, i) => ({ sec: i, frac: 0, data: payload(200,
      i * 7) }));
    const gz = gzipSync(pcapFile({}, records));
    const { rows, weirds } = await readAll(fileWith(t, 'cut.gz', gz.subarray(0, gz.length / 2)));
    t.ok(rows.length > 0 && rows.length < 50, `${rows.length} packets before the cut`);
    t.same(rows.map((r) => r.sec), rows.map((_, i) => i));
    t.same(weirds, { pcap_truncated_record: 1 });
  });

t.test('stdin: "-" reads the injected stream, even in tiny chunks', async (t) => {
  const records = Array.from({ length: 40 }, (_, i) => ({ sec: i, frac: i, data: payload(i,
    i) }));
  const bytes = Buffer.concat([shb(), idb(1, 0), ...records.map((r) => epb(0, BigInt(r.sec) *
    1_000_000n + BigInt(r.frac), r.data))]);
  const expected = (await readAll(fileWith(t, 'in.pcapng', bytes))).rows;

  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
  const { rows, weirds, batches } = await readAll('-', { stdin: Readable.from(pieces) });
  t.same(rows, expected);
  t.same(weirds, {});
  t.ok(batches.every((b) => b.buffers.length <= 256), 'no batch indexes more than 256 buffers');
});

t.test('stdin: many one-byte chunks never make a batch index more than 256 buffers',
  async (t) => {
    const records = Array.from({ length: 600 }, (_, i) => ({ sec: i, frac: 0, data: payload(3,
      i) }));
    const bytes = pcapFile({}, records);
    const pieces = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));

    const { rows, batches } = await readAll('-', { stdin: Readable.from(pieces) });
    t.equal(rows.length, 600);
    t.same(rows.map((r) => r.sec), records.map((r) => r.sec));
    t.ok(batches.every((b) => b.buffers.length <= 256));
    t.ok(batches.length >= 3, `${batches.length} batches`);
  });

t.test('chunks: packets inside a read chunk are not copied, straddling ones are', async (t) => {
  const records = Array.from({ length: 3000 }, (_, i) => ({ sec: i, frac: 0,
    data: payload(700, i) }));
  const bytes = pcapFile({}, records);
  const { rows, batches } = await readAll(fileWith(t, 'big.pcap', bytes), { batchSize: 4096 });

  t.equal(rows.length, 3000);
  t.ok(rows.every((r, i) => r.hex === records[i].data.toString('hex')), 'all bytes intact');
  const buffers = batches[0].buffers;
  const chunkBacked = buffers.filter((b) => b.length === READ_CHUNK_BYTES);
  t.ok(chunkBacked.length >= 1, 'packets point into the read chunks');
  t.equal(buffers.length, 2 * Math.ceil(bytes.length / READ_CHUNK_BYTES) - 1,
    'one copied record per chunk boundary');
});

t.test('errors: a file that is not a capture is an error naming the file', async (t) => {
  const text = fileWith(t, 'foo.txt', Buffer.from('hello, this is text\n'));
  await t.rejects(readAll(text), {
    message: /^cannot read capture .*foo\.txt: not a pcap or pcapng file \(magic 0x68656c6c\)$/,
  });

  const empty = fileWith(t, 'empty.pcap', Buffer.alloc(0));
  await t.rejects(readAll(empty), { message: /empty\.pcap: empty file \(0 bytes\)/ });

  await t.rejects(readAll(path.join(tmpdir(), 'wirelog-no-such-dir', 'missing.pcap')),
    { message: /cannot read capture .*missing\.pcap: ENOENT/ });

  const tiny = fileWith(t, 'tiny', Buffer.from([0xd4]));
  await t.rejects(readAll(tiny), { message: /too short to be a capture \(1 bytes\)/ });

  const badGzip = fileWith(t, 'bad.gz', Buffer.from([0x1f, 0x8b, 0, 0, 0, 0, 0]));
  await t.rejects(readAll(badGzip), { message: /bad\.gz: not a valid gzip file/ });
});

t.test('robustness corpus: every capture reads without an error, with its manifest count',
  async (t) => {
    const dir = path.join(sharedDir, 'robustness/tcpdump');
    if (!existsSync(dir)) return t.plan(0, `no shared data at ${dir} (set WIRELOG_SHARED)`);

    const [header, ...lines] = readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').trim()
      .split('\n').map((l) => l.split('\t'));
    const fileCol = header.indexOf('file');
    const packetsCol = header.indexOf('packets');
    t.ok(lines.length >= 40, `${lines.length} captures listed`);
    for (const cols of lines) {
      const { rows } = await readAll(path.join(dir, cols[fileCol]));
      t.equal(rows.length, Number(cols[packetsCol]), cols[fileCol]);
    }
  });

t.test('conformance corpus: every Zeek trace reads without a single weird', async (t) => {
  const dir = path.join(sharedDir, 'conformance/zeek');
  if (!existsSync(dir)) return t.plan(0, `no shared data at ${dir} (set WIRELOG_SHARED)`);

  const traces = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(dir, d.name))
      .filter((f) => /\.(pcap|pcapng|trace)(\.gz)?$/.test(f))
      .map((f) => path.join(dir, d.name, f)));
  t.equal(traces.length, 36);
  for (const trace of traces) {
    const { rows, weirds } = await readAll(trace);
    t.same(weirds, {}, `${path.basename(trace)}: ${rows.length} packets, no weirds`);
    t.ok(rows.length > 0);
  }
});

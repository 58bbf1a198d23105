/**
 * The live source over a stand-in for the libpcap handle: batching, the flush interval, the
 * bounded queue, timestamps from the anchored clock, and a clean end on stop or abort. No root
 * and no interface needed; the real handle is exercised by test/live/live-capture.test.ts.
 */
import t from 'tap';

import type { HandleSettings, LiveHandle } from '../../src/stages/cap-handle.js';
import { capLinkType } from '../../src/stages/cap-handle.js';
import { LiveCaptureError } from '../../src/stages/live-capture-error.js';
import { LiveClock } from '../../src/stages/live-clock.js';
import { openLiveCapture, type LiveCaptureOptions } from '../../src/stages/live-source.js';
import type { PacketBatch } from '../../src/stages/packet-batch.js';

/** A handle whose packets the test injects; records how it was opened and closed. */
class FakeHandle implements LiveHandle {
  readonly linkType = 1;
  readonly packetBuffer: Buffer;
  closed = 0;
  private listener: ((caplen: number, truncated: boolean) => void) | undefined;

  constructor(readonly settings: HandleSettings) {
    this.packetBuffer = Buffer.alloc(settings.snaplen);
  }

  onPacket(listener: (caplen: number, truncated: boolean) => void): void {
    this.listener = listener;
  }

  close(): void {
    this.closed++;
  }

  /** Delivers one packet, as cap does: bytes in the shared buffer, then the callback. */
  deliver(bytes: Buffer): void {
    const caplen = Math.min(bytes.length, this.packetBuffer.length);
    bytes.copy(this.packetBuffer, 0, 0, caplen);
    this.listener?.(caplen, caplen < bytes.length);
  }
}

function open(opts: LiveCaptureOptions = {}) {
  let handle: FakeHandle | undefined;
  const source = openLiveCapture('fake0', {
    ...opts,
    openHandle: (settings) => (handle = new FakeHandle(settings)),
  });
  const opened = new Promise<FakeHandle>((resolve) => {
    const check = () => (handle === undefined ? setImmediate(check) : resolve(handle));
    check();
  });
  return { source, opened };
}

function packet(fill: number, length = 60): Buffer {
  return Buffer.alloc(length, fill);
}

async function collect(source: AsyncIterable<PacketBatch>): Promise<PacketBatch[]> {
  const batches: PacketBatch[] = [];
  for await (const b of source) batches.push(b);
  return batches;
}

t.test('packets are copied out of the shared buffer before it is reused', async (t) => {
  const { source, opened } = open({ flushMs: 10_000 });
  const handle = await opened;
  const done = collect(source);
  for (let i = 1; i <= 3; i++) handle.deliver(packet(i, 50 + i));
  source.stop();

  const [batch] = await done;
  t.equal(batch.count, 3);
  for (let i = 0; i < 3; i++) {
    t.ok(batch.bytes(i).equals(packet(i + 1, 51 + i)), `packet ${i + 1} kept its own bytes`);
    t.equal(batch.caplen[i], 51 + i);
    t.equal(batch.wirelen[i], 51 + i);
    t.equal(batch.linkType[i], 1);
    t.equal(batch.frameNo[i], i + 1);
  }
  t.equal(handle.closed, 1, 'the handle is closed once');
});

t.test('a full batch is handed on at once, a partial one after the flush interval', async (t) => {
  const { source, opened } = open({ batchSize: 4, flushMs: 40 });
  const handle = await opened;
  const seen: { count: number; at: number }[] = [];
  const started = Date.now();
  source.on('data', (b: PacketBatch) => seen.push({ count: b.count, at: Date.now() - started }));
  for (let i = 0; i < 6; i++) handle.deliver(packet(i));

  await new Promise((r) => setImmediate(r));
  t.same(seen.map((s) => s.count), [4], 'the full batch without waiting');
  await new Promise((r) => setTimeout(r, 120));
  t.same(seen.map((s) => s.count), [4, 2], 'the partial batch after the interval');
  t.ok(seen[1].at >= 30, `partial batch waited (${seen[1].at} ms)`);
  source.stop();
  await new Promise((r) => source.on('end', r));
  t.equal(source.stats.batches, 2);
  t.equal(source.stats.packets, 6);
});

t.test('packets are stamped from the monotonic clock anchored to the wall clock', async (t) => {
  let monotonic = 5_000.25;
  const clock = new LiveClock({
    wallMs: () => 1_700_000_000_999.5, monotonicMs: () => monotonic,
  });
  const { source, opened } = open({ clock });
  const handle = await opened;
  const done = collect(source);
  handle.deliver(packet(1));
  monotonic += 0.75;
  handle.deliver(packet(2));
  monotonic += 2_000.000_001;
  handle.deliver(packet(3));
  source.stop();

  const [b] = await done;
  t.same([b.tsSec[0], b.tsNsec[0]], [1_700_000_000, 999_500_000], 'anchor time');
  t.same([b.tsSec[1], b.tsNsec[1]], [1_700_000_001, 250_000], 'carried into the next second');
  t.same([b.tsSec[2], b.tsNsec[2]], [1_700_000_003, 250_001], 'nanoseconds kept');
});

t.test('past max_queued_bytes packets are dropped and counted, not queued', async (t) => {
  const { source, opened } = open({ batchSize: 2, maxQueuedBytes: 250, flushMs: 10_000 });
  const handle = await opened;
  for (let i = 0; i < 6; i++) handle.deliver(packet(i, 100));

  t.equal(source.stats.packets, 6);
  t.equal(source.stats.dropped, 4, 'only two 100-byte packets fit under 250 bytes');
  t.equal(source.stats.overloads, 1, 'one run of drops');
  t.equal(source.stats.peakQueuedBytes, 200);

  const done = collect(source);
  await new Promise((r) => setImmediate(r));
  handle.deliver(packet(9, 100));
  source.stop();
  const batches = await done;
  t.same(batches.map((b) => b.count), [2, 1], 'room again once the pipeline took the batch');
  t.equal(source.stats.dropped, 4);
});

t.test('packets longer than the snaplen are cut and counted', async (t) => {
  const { source, opened } = open({ snaplen: 64 });
  const handle = await opened;
  const done = collect(source);
  handle.deliver(packet(7, 1500));
  source.stop();

  const [b] = await done;
  t.equal(b.caplen[0], 64);
  t.equal(source.stats.truncated, 1);
  t.equal(handle.settings.snaplen, 64, 'the copy buffer is the snaplen');
});

t.test('the filter and ring size are handed to the handle', async (t) => {
  const { source, opened } = open({ filter: 'udp port 53', bufferBytes: 1 << 24 });
  const handle = await opened;
  t.equal(handle.settings.filter, 'udp port 53');
  t.equal(handle.settings.bufferBytes, 1 << 24);
  t.equal(handle.settings.iface, 'fake0');
  t.same(source.captureInfo, {
    format: 'pcap', nanosecond: false, headerLinkType: 1, snaplen: 65535,
  });
  source.stop();
  await collect(source);
});

t.test('aborting the signal ends the stream after the packets received', async (t) => {
  const stop = new AbortController();
  const { source, opened } = open({ signal: stop.signal });
  const handle = await opened;
  const done = collect(source);
  handle.deliver(packet(1));
  stop.abort();
  handle.deliver(packet(2));

  const batches = await done;
  t.same(batches.map((b) => b.count), [1], 'nothing after the stop');
  t.equal(handle.closed, 1);
});

t.test('a handle libpcap refuses becomes a LiveCaptureError', async (t) => {
  const source = openLiveCapture('nosuch0', {
    openHandle: () => {
      throw new Error('nosuch0: No such device exists');
    },
  });
  const err = await collect(source).then(() => undefined, (e: unknown) => e);
  t.ok(err instanceof LiveCaptureError, 'a LiveCaptureError (the CLI exits 1 on it)');
  t.equal((err as Error).message, 'cannot capture on nosuch0: nosuch0: No such device exists');
});

t.test('a snaplen cap cannot honour is refused before opening', async (t) => {
  let opened = false;
  const source = openLiveCapture('fake0', {
    snaplen: 70_000,
    openHandle: (s) => ((opened = true), new FakeHandle(s)),
  });
  await t.rejects(collect(source), {
    name: 'LiveCaptureError', message: /snaplen must be 1 to 65535/,
  });
  t.notOk(opened);
});

t.test("cap's link type names map to LINKTYPE numbers", async (t) => {
  t.equal(capLinkType('ETHERNET'), 1);
  t.equal(capLinkType('RAW'), 101);
  t.equal(capLinkType('LINKTYPE_LINUX_SLL'), 113);
  t.equal(capLinkType('Unknown linktype 276'), 276);
  t.equal(capLinkType('something else'), -1);
});

t.test('a pipeline that pushes back is counted, and its batches wait in the queue', async (t) => {
  const { source, opened } = open({ batchSize: 1 });
  const handle = await opened;
  source.pause();
  source.read(0);
  for (let i = 0; i < 8; i++) handle.deliver(packet(i));

  t.ok(source.stats.backpressure >= 1, `counted ${source.stats.backpressure}`);
  t.equal(source.stats.dropped, 0);
  t.ok(source.stats.peakQueuedBytes > 0);
  const done = collect(source);
  source.stop();
  t.equal((await done).length, 8, 'every batch arrives once the pipeline reads again');
});

import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import t from 'tap';

import { CountingWeirdReporter } from '../../src/events/weird-reporter.js';
import { FilterSyntaxError } from '../../src/stages/bpf/index.js';
import {
  createFilterStage,
  FILTER_LINK_TYPE_WEIRD,
  PacketFilter,
} from '../../src/stages/filter.js';
import { PacketBatch } from '../../src/stages/packet-batch.js';
import { arp, ethernet, ipv4, tagged, udp } from './bpf/packets.js';

/** A batch of frames with their link types; frameNo records the original order. */
function batchOf(frames: readonly [Buffer, number][]): PacketBatch {
  const batch = new PacketBatch(Math.max(frames.length, 1));
  frames.forEach(([frame, linkType], i) => {
    batch.buffers.push(frame);
    batch.push(i, 0, frame.length, frame.length, 1000 + i, 0, linkType, 0, i + 1);
  });
  return batch;
}

function frameNumbers(batch: PacketBatch): number[] {
  return Array.from(batch.frameNo.subarray(0, batch.count));
}

const dns = ethernet(0x0800, ipv4({ proto: 17, payload: udp(3333, 53) }));
const web = ethernet(0x0800, ipv4());
const arpFrame = ethernet(0x0806, arp());
const raw = Buffer.from(ipv4({ proto: 17, payload: udp(53, 3333) }));

t.test('filterBatch keeps accepted packets in order and compacts every column', async (t) => {
  const batch = batchOf([
    [web, 1],
    [dns, 1],
    [arpFrame, 1],
    [dns, 1],
  ]);
  const filter = new PacketFilter({ expression: 'udp port 53 or arp' });
  filter.filterBatch(batch);
  t.same(frameNumbers(batch), [2, 3, 4]);
  t.same(Array.from(batch.tsSec.subarray(0, 3)), [1001, 1002, 1003]);
  t.equal(filter.seen, 4);
  t.equal(filter.kept, 3);
});

t.test('a batch mixing link types compiles the expression once per link type', async (t) => {
  const batch = batchOf([
    [raw, 101],
    [dns, 1],
    [web, 1],
    [raw, 101],
  ]);
  const filter = new PacketFilter({ expression: 'udp port 53' });
  filter.filterBatch(batch);
  t.same(frameNumbers(batch), [1, 2, 4]);
});

t.test('a link type the expression cannot compile for is dropped and reported once', async (t) => {
  const reporter = new CountingWeirdReporter();
  const filter = new PacketFilter({ expression: 'vlan or udp', reporter });
  const batch = batchOf([
    [raw, 101],
    [tagged(5, 0x0800, ipv4()), 1],
    [raw, 101],
  ]);
  filter.filterBatch(batch);
  t.same(frameNumbers(batch), [2]);
  t.equal(reporter.counts.get(FILTER_LINK_TYPE_WEIRD), 1);
  t.match(filter.failureFor(101)?.message, /no VLAN support for Raw IP/);
  t.throws(
    () => filter.check(101),
    /no VLAN support/,
    'check() lets a caller refuse as tcpdump does',
  );
});

t.test('an expression that rejects all packets of a link type raises no weird', async (t) => {
  const reporter = new CountingWeirdReporter();
  const filter = new PacketFilter({ expression: 'arp', reporter });
  const batch = batchOf([
    [raw, 101],
    [arpFrame, 1],
  ]);
  filter.filterBatch(batch);
  t.same(frameNumbers(batch), [2]);
  t.equal(reporter.counts.size, 0);
});

t.test('a syntax error is thrown when the filter is created', async (t) => {
  t.throws(() => new PacketFilter({ expression: 'tcp and' }), FilterSyntaxError);
  t.throws(() => createFilterStage({ expression: 'port 53 (' }), FilterSyntaxError);
});

t.test('the stage passes filtered batches on and drops batches left empty', async (t) => {
  const out: number[][] = [];
  await pipeline(
    Readable.from([
      batchOf([
        [web, 1],
        [dns, 1],
      ]),
      batchOf([[web, 1]]),
      batchOf([[dns, 1]]),
    ]),
    createFilterStage({ expression: 'udp' }),
    new Writable({
      objectMode: true,
      write(batch: PacketBatch, _enc, done) {
        out.push(frameNumbers(batch));
        done();
      },
    }),
  );
  t.same(out, [[2], [1]]);
});

t.test('an empty expression keeps everything', async (t) => {
  const batch = batchOf([
    [web, 1],
    [raw, 101],
    [Buffer.alloc(3), 231],
  ]);
  new PacketFilter({ expression: '' }).filterBatch(batch);
  t.equal(batch.count, 3);
});

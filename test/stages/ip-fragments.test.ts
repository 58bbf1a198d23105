import t from 'tap';
import { PacketDecoder } from '../../src/stages/decoder.js';
import type { DecoderOptions } from '../../src/stages/decoder.js';
import { PacketFlag, PacketStatus } from '../../src/stages/packet-batch.js';
import { decodePackets } from '../helpers/decode.js';
import { batchOf, ipv4, ipv6, RecordingReporter, udp } from '../helpers/packet-builder.js';
import type { TestPacket } from '../helpers/packet-builder.js';

const body = Buffer.alloc(200);
for (let i = 0; i < body.length; i++) body[i] = i;
const whole4 = ipv4({ proto: 17, id: 0x4242, payload: udp(5000, 53, body) });
const whole6 = ipv6({ next: 17, payload: udp(5000, 53, body) });

/** Splits the IPv4 datagram's payload at the given offsets (multiples of 8). */
function fragments4(
  whole: Buffer,
  cuts: number[],
  opts: { dontFragment?: boolean } = {},
): Buffer[] {
  const payload = whole.subarray(20);
  const bounds = [0, ...cuts, payload.length];
  return bounds.slice(0, -1).map((start, i) =>
    ipv4({
      proto: whole[9],
      id: whole.readUInt16BE(4),
      fragOffset: start,
      moreFragments: i < bounds.length - 2,
      dontFragment: opts.dontFragment,
      payload: payload.subarray(start, bounds[i + 1]),
      keepTransportChecksum: true,
    }),
  );
}

/** The same for IPv6, with a fragment header: nn 00 | offset+M | identification. */
function fragments6(whole: Buffer, cuts: number[]): Buffer[] {
  const payload = whole.subarray(40);
  const bounds = [0, ...cuts, payload.length];
  return bounds.slice(0, -1).map((start, i) => {
    const frag = Buffer.alloc(8);
    frag.writeUInt16BE(start | (i < bounds.length - 2 ? 1 : 0), 2);
    frag.writeUInt32BE(0xabcdef01, 4);
    return ipv6({
      next: whole[6],
      payload: payload.subarray(start, bounds[i + 1]),
      extensions: [{ type: 44, bytes: frag }],
      keepTransportChecksum: true,
    });
  });
}

function raw(packets: Buffer[], ts?: number[]): TestPacket[] {
  return packets.map((data, i) => ({ data, linkType: 101, ts: ts ? ts[i] : i }));
}

t.test('fragments: in order, the last row becomes the whole datagram', async (t) => {
  const { batch, reporter } = decodePackets(raw(fragments4(whole4, [64, 128])));
  t.same(Array.from(batch.status.subarray(0, 3)), [
    PacketStatus.FragmentHeld,
    PacketStatus.FragmentHeld,
    PacketStatus.Ok,
  ]);
  t.equal(batch.flags[2], PacketFlag.Reassembled);
  t.equal(batch.buf[2], 1, 'the datagram lives in a Buffer appended to the batch');
  t.equal(batch.linkType[2], 101);
  t.same(batch.bytes(2), whole4, 'header rewritten as the unfragmented datagram');
  t.equal(batch.l3Offset[2], 0);
  t.equal(batch.ipLen[2], whole4.length);
  t.equal(batch.dstPort[2], 53);
  t.equal(batch.payloadLen[2], 200);
  t.same(reporter.weirds, []);
});

t.test('fragments: out of order reassemble the same', async (t) => {
  const { batch } = decodePackets(raw(fragments4(whole4, [64, 128]).reverse()));
  t.equal(batch.status[2], PacketStatus.Ok);
  t.same(batch.bytes(2), whole4);
});

t.test('fragments: IPv6 fragments reassemble without the fragment header', async (t) => {
  const { batch, reporter } = decodePackets(raw(fragments6(whole6, [104])));
  t.equal(batch.status[0], PacketStatus.FragmentHeld);
  t.equal(batch.status[1], PacketStatus.Ok);
  t.same(batch.bytes(1), whole6);
  t.equal(batch.ipProto[1], 17);
  t.equal(batch.flags[1], PacketFlag.Reassembled, 'the UDP checksum holds over the datagram');
  t.same(reporter.weirds, []);
});

t.test('fragments: a repeated fragment is fragment_overlap; first data wins', async (t) => {
  const parts = fragments4(whole4, [64, 128]);
  const { batch, reporter } = decodePackets(raw([parts[0], parts[1], parts[1], parts[2]]));
  t.equal(batch.status[3], PacketStatus.Ok);
  t.same(batch.bytes(3), whole4);
  t.match(reporter.weirds, [{ kind: 'flow', name: 'fragment_overlap', src: '10.0.0.1' }]);
});

t.test('fragments: overlapping different bytes is fragment_inconsistency', async (t) => {
  const parts = fragments4(whole4, [64, 128]);
  const changed = Buffer.from(parts[1]);
  changed[30] ^= 0xff;
  const { batch, reporter } = decodePackets(raw([parts[0], parts[1], changed, parts[2]]));
  t.same(batch.bytes(3), whole4, 'the bytes that arrived first are kept');
  t.match(reporter.names(), ['fragment_inconsistency']);
});

t.test('fragments: a small non-final fragment and DF raise Zeek weirds', async (t) => {
  const small = fragments4(whole4, [16]);
  t.ok(decodePackets(raw(small)).reporter.names().includes('excessively_small_fragment'));
  const df = fragments4(whole4, [64], { dontFragment: true });
  t.ok(decodePackets(raw(df)).reporter.names().includes('fragment_with_DF'));
});

t.test(
  'fragments: a last fragment disagreeing on the size is fragment_size_inconsistency',
  async (t) => {
    const parts = fragments4(whole4, [64, 128]);
    const shorter = fragments4(
      ipv4({ proto: 17, id: 0x4242, payload: udp(5000, 53, body.subarray(0, 150)) }),
      [64, 128],
    );
    const { reporter } = decodePackets(raw([parts[2], shorter[2]]));
    t.match(reporter.names(), ['fragment_size_inconsistency']);
  },
);

function decodeWith(packets: TestPacket[], opts: Omit<DecoderOptions, 'reporter'>) {
  const reporter = new RecordingReporter();
  const decoder = new PacketDecoder({ ...opts, reporter });
  const batch = batchOf(packets);
  decoder.decodeBatch(batch);
  return { batch, reporter, decoder };
}

t.test('fragments: beyond maxDatagrams the oldest datagram is dropped with a weird', async (t) => {
  const a = fragments4(whole4, [64]);
  const b = fragments4(ipv4({ proto: 17, id: 7, payload: udp(1, 2, body) }), [64]);
  const { batch, reporter, decoder } = decodeWith(raw([a[0], b[0], b[1], a[1]]), {
    fragments: { maxDatagrams: 1 },
  });
  t.same(
    Array.from(batch.status.subarray(0, 4)),
    [4, 4, 1, 4],
    'only the newer datagram completes',
  );
  t.match(reporter.weirds[0], { name: 'ip_fragment_datagrams_limit', addl: '2 > 1' });
  t.equal(decoder.pendingFragmentDatagrams, 1);
});

t.test('fragments: beyond maxBytes the oldest datagrams are dropped with a weird', async (t) => {
  const a = fragments4(whole4, [64]);
  const b = fragments4(ipv4({ proto: 17, id: 7, payload: udp(1, 2, body) }), [64]);
  const { batch, reporter, decoder } = decodeWith(raw([a[0], b[0], b[1], a[1]]), {
    fragments: { maxBytes: 100 },
  });
  t.same(
    Array.from(batch.status.subarray(0, 4)),
    [4, 4, 1, 4],
    'only the newer datagram completes',
  );
  t.equal(reporter.names()[0], 'ip_fragment_bytes_limit');
  t.equal(decoder.heldFragmentBytes, 0);
});

t.test('fragments: a datagram older than the timeout is forgotten', async (t) => {
  const parts = fragments4(whole4, [64]);
  const late = decodeWith(raw(parts, [0, 31]), { fragments: { timeoutSeconds: 30 } });
  t.same(Array.from(late.batch.status.subarray(0, 2)), [4, 4]);
  t.same(late.reporter.weirds, [], 'Zeek expires fragments silently');
  const inTime = decodeWith(raw(parts, [0, 29]), { fragments: { timeoutSeconds: 30 } });
  t.equal(inTime.batch.status[1], PacketStatus.Ok);
});

t.test('fragments: a datagram spanning two batches completes in the second', async (t) => {
  const parts = fragments4(whole4, [64, 128]);
  const decoder = new PacketDecoder({ reporter: new RecordingReporter() });
  const first = batchOf(raw(parts.slice(0, 2)));
  const second = batchOf(raw(parts.slice(2)));
  decoder.decodeBatch(first);
  decoder.decodeBatch(second);
  t.equal(second.status[0], PacketStatus.Ok);
  t.same(second.bytes(0), whole4);
});

t.test('fragments: a fragment cut by the snaplen is not reassembled', async (t) => {
  const parts = fragments4(whole4, [64]);
  const cut = (p: Buffer): TestPacket => ({
    data: p.subarray(0, 40),
    linkType: 101,
    wirelen: p.length,
  });
  const { batch, reporter } = decodePackets([cut(parts[0]), cut(parts[1])]);
  t.equal(batch.status[0], PacketStatus.Ok, 'a first fragment is still analysed');
  t.equal(batch.dstPort[0], 53);
  t.equal(batch.status[1], PacketStatus.Malformed);
  t.same(reporter.names(), ['incompletely_captured_fragment', 'incompletely_captured_fragment']);
});

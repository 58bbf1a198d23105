import fc from 'fast-check';
import t from 'tap';
import { PacketDecoder } from '../../src/stages/decoder.js';
import { PacketBatch, PacketStatus } from '../../src/stages/packet-batch.js';
import { RecordingReporter } from '../helpers/packet-builder.js';
import { conformanceTrace, loadTrace } from '../helpers/trace-file.js';

/** Real packets to mutate: several link types, IPv6 extension headers, fragments, tunnels. */
const SEED_TRACES = [
  'l2-pppoe-over-qinq-default',
  'l2-mpls-in-vlan-default',
  'ip-ipv6-mobility-dst-opts-default',
  'ip-ipv6-fragmented-dns',
  'link-ppp-quic',
  'link-null-http-connect-default-headers',
  'link-sll-irc-starttls',
  'tunnel-gre',
  'default-gtp-outer-ip-fragments',
];
const LINK_TYPES = [0, 1, 9, 12, 14, 50, 101, 104, 108, 113, 228, 229, 276, 147];
const RUNS = 150;

interface Seed {
  bytes: Buffer;
  linkType: number;
}

function seedPackets(): Seed[] {
  const seeds: Seed[] = [];
  for (const name of SEED_TRACES) {
    for (const batch of loadTrace(conformanceTrace(name))) {
      for (let i = 0; i < batch.count && seeds.length < 4000; i++) {
        seeds.push({ bytes: Buffer.from(batch.bytes(i)), linkType: batch.linkType[i] });
      }
    }
  }
  return seeds;
}

interface FuzzPacket {
  bytes: Buffer;
  linkType: number;
  wireExtra: number;
}

const seeds = seedPackets();

const mutated: fc.Arbitrary<FuzzPacket> = fc
  .record({
    seed: fc.nat(seeds.length - 1),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    wireExtra: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ seed, flips, cut, wireExtra }) => {
    const bytes = Buffer.from(seeds[seed].bytes);
    for (const [pos, value] of flips) if (bytes.length > 0) bytes[pos % bytes.length] = value;
    const end = cut === undefined ? bytes.length : cut % (bytes.length + 1);
    return { bytes: bytes.subarray(0, end), linkType: seeds[seed].linkType, wireExtra };
  });

const random: fc.Arbitrary<FuzzPacket> = fc.record({
  bytes: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  linkType: fc.constantFrom(...LINK_TYPES),
  wireExtra: fc.integer({ min: 0, max: 100 }),
});

function toBatch(packets: FuzzPacket[]): PacketBatch {
  const batch = new PacketBatch(Math.max(packets.length, 1));
  batch.buffers.push(Buffer.concat(packets.map((p) => p.bytes)));
  let off = 0;
  packets.forEach((p, i) => {
    batch.push(0, off, p.bytes.length, p.bytes.length + p.wireExtra, i, 0, p.linkType, 0, i + 1);
    off += p.bytes.length;
  });
  return batch;
}

/** Every offset a later stage may follow stays inside the packet's captured bytes. */
function rowInBounds(batch: PacketBatch, i: number): string | null {
  const caplen = batch.caplen[i];
  if (batch.status[i] > PacketStatus.FragmentHeld) return 'unknown status';
  if (batch.buf[i] >= batch.buffers.length) return 'buffer index';
  if (batch.offset[i] + caplen > batch.data(i).length) return 'capture extent';
  if (batch.status[i] !== PacketStatus.Ok) return null;
  if (batch.l3Offset[i] < 0 || batch.l3Offset[i] > caplen) return 'l3Offset';
  if (batch.l4Offset[i] < batch.l3Offset[i] || batch.l4Offset[i] > caplen) return 'l4Offset';
  if (batch.payloadLen[i] < 0 || batch.payloadOffset[i] < 0) return 'negative payload';
  if (batch.payloadOffset[i] + batch.payloadLen[i] > caplen) return 'payload extent';
  if (batch.payloadLen[i] > batch.payloadWireLen[i]) return 'payloadLen > payloadWireLen';
  return null;
}

function checkBatches(packetLists: FuzzPacket[][], ignoreChecksums: boolean): void {
  const reporter = new RecordingReporter();
  const decoder = new PacketDecoder({
    reporter,
    ignoreChecksums,
    fragments: { maxBytes: 4096, maxDatagrams: 4, timeoutSeconds: 5 },
  });
  for (const packets of packetLists) {
    const batch = toBatch(packets);
    decoder.decodeBatch(batch);
    for (let i = 0; i < batch.count; i++) {
      const problem = rowInBounds(batch, i);
      if (problem !== null) throw new Error(`row ${i}: ${problem}`);
    }
  }
  const internal = reporter.weirds.find((w) => w.name === 'decoder_internal_error');
  if (internal) throw new Error(`decoder threw: ${internal.addl}`);
}

t.test('decoder fuzz: mutated real packets never throw and keep offsets in bounds', async (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.array(mutated, { minLength: 1, maxLength: 40 }), { maxLength: 3 }),
      fc.boolean(),
      (lists, ignore) => checkBatches(lists, ignore),
    ),
    { numRuns: RUNS },
  );
  t.pass(`${RUNS} runs over ${seeds.length} seed packets`);
});

t.test('decoder fuzz: random bytes under every link type never throw', async (t) => {
  fc.assert(
    fc.property(
      fc.array(random, { minLength: 1, maxLength: 40 }),
      fc.boolean(),
      (packets, ignore) => checkBatches([packets], ignore),
    ),
    { numRuns: RUNS },
  );
  t.pass(`${RUNS} runs`);
});

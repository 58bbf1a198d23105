/**
 * Property test: random and mutated packets driven through the decoder and the connection
 * tracker never throw, and every connection removed at the end produces a well-formed record.
 * Mutations start from real packets of conformance captures.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import t from 'tap';

import { connRecord } from '../../src/analyzers/conn/conn-log.js';
import { DEFAULT_LOCAL_NETWORKS, LocalNetworks } from '../../src/analyzers/conn/local-networks.js';
import { LikelyServerPorts } from '../../src/analyzers/well-known-ports.js';
import { WeirdReporterImpl } from '../../src/analyzers/weird/weird-log.js';
import { EventBus, type CoreEvents } from '../../src/events/event-bus.js';
import { openCaptureFile } from '../../src/stages/capture-source.js';
import { ConnTracker } from '../../src/stages/conn-tracker.js';
import { UidGenerator } from '../../src/stages/conn-uid.js';
import type { Connection } from '../../src/stages/connection.js';
import { PacketDecoder } from '../../src/stages/decoder.js';
import { PacketBatch } from '../../src/stages/packet-batch.js';
import { TunnelDecapsulator } from '../../src/stages/tunnels/tunnel-decapsulator.js';
import { sharedDir } from '../shared-path.js';

interface Sample {
  readonly linkType: number;
  readonly bytes: Buffer;
}

/** Packets taken from the start of each seed trace. */
const SEEDS_PER_TRACE = 60;

async function samplePackets(): Promise<Sample[]> {
  const corpus = path.join(sharedDir, 'conformance', 'zeek');
  const out: Sample[] = [];
  for (const name of ['l2-pppoe-default', 'tcp-missing-syn', 'l2-q-in-q', 'link-ppp-quic',
    'ip-ipv6-fragmented-dns', 'tunnel-gre', 'link-null-http-connect-default-headers',
    'tunnel-teredo', 'tunnel-ayiya', 'tunnel-vxlan-bad-outer-checksum-default',
    'default-gtp-outer-ip-fragments']) {
    const dir = path.join(corpus, name);
    const trace = readdirSync(dir).find((f) => /\.pcap(ng)?$/.test(f))!;
    let taken = 0;
    for await (const batch of openCaptureFile(path.join(dir, trace))) {
      const b = batch as PacketBatch;
      for (let i = 0; i < b.count && taken < SEEDS_PER_TRACE; i++, taken++) {
        out.push({ linkType: b.linkType[i], bytes: Buffer.from(b.bytes(i)) });
      }
    }
  }
  return out;
}

function harness() {
  const events = new EventBus<CoreEvents>();
  const removed: Connection[] = [];
  events.on('connection_state_remove', (c) => removed.push(c));
  const weirds = new WeirdReporterImpl(events);
  const decoder = new PacketDecoder({ reporter: weirds });
  const uids = new UidGenerator(1);
  const tunnels = new TunnelDecapsulator({ weirds, events, newUid: () => uids.next('C') });
  const tracker = new ConnTracker({
    events, weirds, uids, tunnels, likelyServerPorts: LikelyServerPorts.forScripts(() => true),
  });
  return { decoder, tracker, removed };
}

function batchOf(packets: readonly Sample[], start: number): PacketBatch {
  const batch = new PacketBatch(Math.max(1, packets.length));
  packets.forEach((p, k) => {
    batch.buffers.push(p.bytes);
    batch.push(k, 0, p.bytes.length, p.bytes.length + (k % 3), start + k * 0.25, 0, p.linkType,
      0, k + 1);
  });
  return batch;
}

const mutate = (s: Sample, at: number, value: number, cut: number): Sample => {
  const bytes = Buffer.from(s.bytes);
  if (bytes.length > 0) bytes[at % bytes.length] = value;
  return { linkType: s.linkType, bytes: bytes.subarray(0, Math.max(0, bytes.length - cut)) };
};

t.test('decoder and tracker survive mutated real packets', async (t) => {
  const samples = await samplePackets();
  t.ok(samples.length > 100, `${samples.length} seed packets`);
  const local = new LocalNetworks(DEFAULT_LOCAL_NETWORKS);
  const mutation = fc.record({
    pick: fc.nat(),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
    cut: fc.integer({ min: 0, max: 40 }),
  });

  fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 60 }), (muts) => {
    const { decoder, tracker, removed } = harness();
    const packets = muts.map((m) => mutate(samples[m.pick % samples.length], m.at, m.value, m.cut));
    decoder.decodeBatch(batchOf(packets, 1_000_000_000));
    const again = batchOf(packets, 1_000_000_100);
    decoder.decodeBatch(again);
    tracker.processBatch(again);
    tracker.flush();
    for (const c of removed) {
      const rec = connRecord(c, local);
      if (!(rec.orig_pkts >= 0 && rec.resp_pkts >= 0)) return false;
      if (rec.orig_bytes !== undefined && !(rec.orig_bytes >= 0)) return false;
    }
    return true;
  }), { numRuns: 300, seed: 4242 });
});

t.test('decoder and tracker survive random bytes on every link type they know', async (t) => {
  const linkTypes = [0, 1, 9, 12, 50, 101, 104, 108, 113, 228, 229, 276];
  fc.assert(fc.property(
    fc.array(fc.record({
      linkType: fc.constantFrom(...linkTypes),
      bytes: fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a)),
    }), { minLength: 1, maxLength: 40 }),
    (packets) => {
      const { decoder, tracker } = harness();
      const batch = batchOf(packets, 1_600_000_000);
      decoder.decodeBatch(batch);
      tracker.processBatch(batch);
      tracker.flush();
      return true;
    },
  ), { numRuns: 300, seed: 7 });
});

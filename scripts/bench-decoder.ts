/**
 * Decoder throughput: decodes the packets of a few conformance traces over and over and
 * prints the best nanoseconds per packet of several repetitions, with and without checksum
 * validation.
 *
 *   npm run build && node dist/scripts/bench-decoder.js [rounds]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CountingWeirdReporter } from '../src/events/weird-reporter.js';
import { PacketDecoder } from '../src/stages/decoder.js';
import { PacketBatch } from '../src/stages/packet-batch.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.WIRELOG_SHARED ?? path.resolve(repoRoot, '../shared');
const TRACES = [
  'default-wikipedia/wikipedia.pcap',
  'irc-dcc-send-pcapng/irc-dcc-send.pcapng',
  'http-100-continue-default/100-continue.pcap',
  'tcp-missing-syn/missing-syn.pcap',
];
const BATCH_SIZE = 1024;

/** Classic pcap only, and pcapng enhanced packet blocks: enough for the traces above. */
function packetsOf(file: string): Buffer[] {
  const data = readFileSync(file);
  const out: Buffer[] = [];
  if (data.readUInt32BE(0) === 0x0a0d0d0a) {
    for (let o = 0; o + 12 <= data.length; o += data.readUInt32LE(o + 4)) {
      if (data.readUInt32LE(o) === 6)
        out.push(data.subarray(o + 28, o + 28 + data.readUInt32LE(o + 20)));
    }
    return out;
  }
  for (let o = 24; o + 16 <= data.length; o += 16 + data.readUInt32LE(o + 8)) {
    out.push(data.subarray(o + 16, o + 16 + data.readUInt32LE(o + 8)));
  }
  return out;
}

function buildBatches(packets: Buffer[]): PacketBatch[] {
  const batches: PacketBatch[] = [];
  for (let i = 0; i < packets.length; i += BATCH_SIZE) {
    const batch = new PacketBatch(BATCH_SIZE);
    const chunk = packets.slice(i, i + BATCH_SIZE);
    const backing = Buffer.concat(chunk);
    batch.buffers.push(backing);
    let off = 0;
    for (const p of chunk) {
      batch.push(0, off, p.length, p.length, 0, 0, 1, 0, 0);
      off += p.length;
    }
    batches.push(batch);
  }
  return batches;
}

function measure(batches: PacketBatch[], rounds: number, ignoreChecksums: boolean): number {
  const decoder = new PacketDecoder({ reporter: new CountingWeirdReporter(), ignoreChecksums });
  let packets = 0;
  const begin = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const batch of batches) {
      batch.decoded = false;
      decoder.decodeBatch(batch);
      packets += batch.count;
    }
  }
  return Number(process.hrtime.bigint() - begin) / packets;
}

/** Best of several repetitions: on a shared machine the minimum is the least disturbed. */
function best(batches: PacketBatch[], rounds: number, ignoreChecksums: boolean): number {
  let min = Infinity;
  for (let r = 0; r < REPETITIONS; r++)
    min = Math.min(min, measure(batches, rounds, ignoreChecksums));
  return min;
}

const REPETITIONS = 7;
const rounds = Number(process.argv[2] ?? 100);
const packets = TRACES.flatMap((t) => packetsOf(path.join(shared, 'conformance/zeek', t)));
const batches = buildBatches(packets);
const bytes = packets.reduce((n, p) => n + p.length, 0);
measure(batches, 20, false);
console.log(`${packets.length} packets, mean ${Math.round(bytes / packets.length)} bytes`);
console.log(`checksums checked: ${best(batches, rounds, false).toFixed(1)} ns/packet`);
console.log(`checksums ignored: ${best(batches, rounds, true).toFixed(1)} ns/packet`);

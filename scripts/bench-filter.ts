/**
 * Filter throughput: ns per packet for one expression over a large synthetic batch of
 * Ethernet frames (TCP/80, UDP/53, other UDP, ARP, IPv6 TCP), with the matcher alone and with
 * the batch compaction of the filter stage.
 *
 * Usage: node dist/scripts/bench-filter.js ['expression'] [packets]
 */
import { compileFilter } from '../src/stages/bpf/index.js';
import { PacketFilter } from '../src/stages/filter.js';
import { PacketBatch } from '../src/stages/packet-batch.js';

const DEFAULT_EXPRESSION = 'tcp port 80 or udp port 53';
const DEFAULT_PACKETS = 1 << 20;
const BATCH_SIZE = 1024;
const ROUNDS = 5;

function frame(etherType: number, l3: number[]): Buffer {
  const mac = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  return Buffer.from([...mac, etherType >> 8, etherType & 0xff, ...l3, ...new Array(40).fill(0)]);
}

function ipv4(proto: number, sport: number, dport: number): number[] {
  return [
    0x45,
    0,
    0,
    60,
    0,
    1,
    0,
    0,
    64,
    proto,
    0,
    0,
    10,
    0,
    0,
    1,
    10,
    0,
    0,
    2,
    sport >> 8,
    sport & 0xff,
    dport >> 8,
    dport & 0xff,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x50,
    2,
  ];
}

function ipv6Tcp(dport: number): number[] {
  return [0x60, 0, 0, 0, 0, 20, 6, 64, ...new Array(32).fill(1), 0, 1, dport >> 8, dport & 0xff];
}

const SAMPLES = [
  frame(0x0800, ipv4(6, 40000, 80)),
  frame(0x0800, ipv4(17, 40001, 53)),
  frame(0x0800, ipv4(17, 40002, 123)),
  frame(0x0806, new Array(28).fill(0)),
  frame(0x86dd, ipv6Tcp(443)),
];

/** One buffer holding `n` frames back to back, and batches pointing into it. */
function buildBatches(n: number): PacketBatch[] {
  const frames = Array.from({ length: n }, (_, i) => SAMPLES[i % SAMPLES.length]);
  const storage = Buffer.concat(frames);
  const batches: PacketBatch[] = [];
  let offset = 0;
  for (let i = 0; i < n; i += BATCH_SIZE) {
    const batch = new PacketBatch(BATCH_SIZE);
    batch.buffers.push(storage);
    for (let j = i; j < Math.min(n, i + BATCH_SIZE); j++) {
      batch.push(0, offset, frames[j].length, frames[j].length, 0, 0, 1, 0, j + 1);
      offset += frames[j].length;
    }
    batches.push(batch);
  }
  return batches;
}

function timeMatcher(expr: string, batches: readonly PacketBatch[], n: number): number {
  const { match } = compileFilter(expr, 1);
  let kept = 0;
  const start = process.hrtime.bigint();
  for (const b of batches) {
    const buf = b.buffers[0];
    for (let i = 0; i < b.count; i++)
      if (match(buf, b.offset[i], b.caplen[i], b.wirelen[i])) kept++;
  }
  const ns = Number(process.hrtime.bigint() - start) / n;
  if (kept === 0) throw new Error('nothing matched');
  return ns;
}

function timeStage(expr: string, n: number): number {
  const batches = buildBatches(n);
  const filter = new PacketFilter({ expression: expr });
  const start = process.hrtime.bigint();
  for (const b of batches) filter.filterBatch(b);
  return Number(process.hrtime.bigint() - start) / n;
}

function main(): void {
  const expr = process.argv[2] ?? DEFAULT_EXPRESSION;
  const n = Number(process.argv[3] ?? DEFAULT_PACKETS);
  const batches = buildBatches(n);
  let bestMatcher = Infinity;
  let bestStage = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    bestMatcher = Math.min(bestMatcher, timeMatcher(expr, batches, n));
    bestStage = Math.min(bestStage, timeStage(expr, n));
  }
  const shown = `matcher ${bestMatcher.toFixed(1)} ns/packet, stage ${bestStage.toFixed(1)} ns/packet`;
  console.log(`${expr}: ${shown} (best of ${ROUNDS} rounds over ${n} packets)`);
}

main();

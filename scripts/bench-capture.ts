/**
 * Throughput of the capture source alone: builds a large pcap (the packets of a real capture
 * repeated to `--packets`), then reads it and prints packets/s and CPU time per packet.
 *
 *   npm run build && node dist/scripts/bench-capture.js [--packets N] [--from FILE] [--ng]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCaptureFile } from '../src/stages/capture-source.js';
import type { PacketBatch } from '../src/stages/packet-batch.js';

const DEFAULT_PACKETS = 1_000_000;
const DEFAULT_SOURCE = '../shared/conformance/zeek/default-wikipedia/wikipedia.pcap';

interface Args {
  packets: number;
  from: string;
  pcapng: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    packets: Number(value('--packets') ?? DEFAULT_PACKETS),
    from: value('--from') ?? path.resolve(process.env.WIRELOG_SHARED ?? '..', DEFAULT_SOURCE),
    pcapng: argv.includes('--ng'),
  };
}

/** The packets of `file` as raw captured bytes, read with our own source. */
async function samplePackets(file: string): Promise<Buffer[]> {
  const packets: Buffer[] = [];
  for await (const batch of openCaptureFile(file) as AsyncIterable<PacketBatch>) {
    for (let i = 0; i < batch.count; i++) packets.push(Buffer.from(batch.bytes(i)));
  }
  return packets;
}

/** A microsecond pcap (or pcapng with one interface) of `count` packets cycling `sample`. */
function buildCapture(sample: readonly Buffer[], count: number, pcapng: boolean): Buffer {
  const parts: Buffer[] = [pcapng ? pcapngHead() : pcapHead()];
  for (let i = 0; i < count; i++) {
    const data = sample[i % sample.length];
    parts.push(pcapng ? enhancedPacket(data, i) : pcapRecord(data, i));
  }
  return Buffer.concat(parts);
}

function pcapHead(): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(1, 20);
  return head;
}

function pcapRecord(data: Buffer, i: number): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(1_700_000_000 + Math.floor(i / 1000), 0);
  head.writeUInt32LE((i % 1000) * 1000, 4);
  head.writeUInt32LE(data.length, 8);
  head.writeUInt32LE(data.length, 12);
  return Buffer.concat([head, data]);
}

function pcapngHead(): Buffer {
  const shb = Buffer.alloc(28);
  shb.writeUInt32LE(0x0a0d0d0a, 0);
  shb.writeUInt32LE(28, 4);
  shb.writeUInt32LE(0x1a2b3c4d, 8);
  shb.writeUInt16LE(1, 12);
  shb.fill(0xff, 16, 24);
  shb.writeUInt32LE(28, 24);
  const idb = Buffer.alloc(20);
  idb.writeUInt32LE(1, 0);
  idb.writeUInt32LE(20, 4);
  idb.writeUInt16LE(1, 8);
  idb.writeUInt32LE(20, 16);
  return Buffer.concat([shb, idb]);
}

function enhancedPacket(data: Buffer, i: number): Buffer {
  const padded = (data.length + 3) & ~3;
  const total = 32 + padded;
  const out = Buffer.alloc(total);
  const units = BigInt(1_700_000_000_000_000 + i * 1000);
  out.writeUInt32LE(6, 0);
  out.writeUInt32LE(total, 4);
  out.writeUInt32LE(Number(units >> 32n), 12);
  out.writeUInt32LE(Number(units & 0xffffffffn), 16);
  out.writeUInt32LE(data.length, 20);
  out.writeUInt32LE(data.length, 24);
  data.copy(out, 28);
  out.writeUInt32LE(total, total - 4);
  return out;
}

async function readOnce(file: string): Promise<{ packets: number; cpuUs: number; wallMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let packets = 0;
  for await (const batch of openCaptureFile(file) as AsyncIterable<PacketBatch>) {
    packets += batch.count;
  }
  const cpu = process.cpuUsage(cpu0);
  return { packets, cpuUs: cpu.user + cpu.system, wallMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sample = await samplePackets(args.from);
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-bench-'));
  const file = path.join(dir, args.pcapng ? 'bench.pcapng' : 'bench.pcap');
  try {
    const bytes = buildCapture(sample, args.packets, args.pcapng);
    writeFileSync(file, bytes);
    console.log(`${args.packets} packets, ${(bytes.length / 2 ** 20).toFixed(1)} MiB`);
    for (let run = 1; run <= 3; run++) {
      const r = await readOnce(file);
      const perPacketUs = r.cpuUs / r.packets;
      const rate = (r.packets / r.wallMs) * 1000;
      console.log(`run ${run}: ${r.packets} packets in ${r.wallMs.toFixed(0)} ms wall, ` +
        `${(rate / 1e6).toFixed(2)} Mpkt/s, ${perPacketUs.toFixed(3)} us CPU/packet`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * Loads a whole pcap or pcapng file into PacketBatches for decoder tests. Deliberately small:
 * it handles the block types the conformance traces use (SHB, IDB, EPB, SPB) and no options.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PacketBatch } from '../../src/stages/packet-batch.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared data folder: $WIRELOG_SHARED, else `../shared` next to the repository. */
export const sharedDir = process.env.WIRELOG_SHARED ?? path.resolve(repoRoot, '../shared');

export function conformanceTrace(caseName: string): string {
  const caseDir = path.join(sharedDir, 'conformance/zeek', caseName);
  const info = JSON.parse(readFileSync(path.join(caseDir, 'case.json'), 'utf8')) as {
    trace: string;
  };
  return path.join(caseDir, info.trace);
}

interface RawPacket {
  offset: number;
  caplen: number;
  wirelen: number;
  linkType: number;
}

/** All packets of a capture file, in one or more batches sharing the file's Buffer. */
export function loadTrace(file: string, batchSize = 1024): PacketBatch[] {
  const data = readFileSync(file);
  const packets = data.readUInt32BE(0) === 0x0a0d0d0a ? readPcapng(data) : readPcap(data);
  const batches: PacketBatch[] = [];
  for (let i = 0; i < packets.length; i++) {
    if (i % batchSize === 0) {
      batches.push(new PacketBatch(batchSize));
      batches[batches.length - 1].buffers.push(data);
    }
    const p = packets[i];
    batches[batches.length - 1].push(0, p.offset, p.caplen, p.wirelen, i, 0, p.linkType, 0, i + 1);
  }
  return batches;
}

function readPcap(data: Buffer): RawPacket[] {
  const magic = data.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (o: number): number => (le ? data.readUInt32LE(o) : data.readUInt32BE(o));
  const linkType = u32(20) & 0x0fffffff;
  const out: RawPacket[] = [];
  for (let o = 24; o + 16 <= data.length;) {
    const caplen = u32(o + 8);
    out.push({ offset: o + 16, caplen, wirelen: u32(o + 12), linkType });
    o += 16 + caplen;
  }
  return out;
}

function readPcapng(data: Buffer): RawPacket[] {
  let le = true;
  const linkTypes: number[] = [];
  const out: RawPacket[] = [];
  const u32 = (o: number): number => (le ? data.readUInt32LE(o) : data.readUInt32BE(o));
  const u16 = (o: number): number => (le ? data.readUInt16LE(o) : data.readUInt16BE(o));
  for (let o = 0; o + 12 <= data.length;) {
    const type = data.readUInt32BE(o) === 0x0a0d0d0a ? 0x0a0d0d0a : u32(o);
    if (type === 0x0a0d0d0a) le = data.readUInt32LE(o + 8) === 0x1a2b3c4d;
    const len = u32(o + 4);
    if (type === 1) linkTypes.push(u16(o + 8));
    if (type === 6) {
      const caplen = u32(o + 20);
      out.push({ offset: o + 28, caplen, wirelen: u32(o + 24), linkType: linkTypes[u32(o + 8)] });
    }
    if (type === 3) {
      const wirelen = u32(o + 8);
      out.push({
        offset: o + 12,
        caplen: Math.min(wirelen, len - 16),
        wirelen,
        linkType: linkTypes[0],
      });
    }
    o += len;
  }
  return out;
}

import type { PacketBatch } from './packet-batch.js';

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const MICROSECOND_MAGIC = 0xa1b2c3d4;
const VERSION_MAJOR = 2;
const VERSION_MINOR = 4;
const NSEC_PER_USEC = 1000;

/**
 * The 24-byte header of a classic microsecond pcap, as libpcap's dump writes it: version 2.4,
 * thiszone and sigfigs 0. libpcap writes in the host's byte order; we always write
 * little-endian, which is the same bytes on every little-endian host (x86, ARM).
 */
export function encodePcapHeader(linkType: number, snaplen: number): Buffer {
  const out = Buffer.alloc(FILE_HEADER_BYTES);
  out.writeUInt32LE(MICROSECOND_MAGIC, 0);
  out.writeUInt16LE(VERSION_MAJOR, 4);
  out.writeUInt16LE(VERSION_MINOR, 6);
  out.writeUInt32LE(snaplen >>> 0, 16);
  out.writeUInt32LE(linkType >>> 0, 20);
  return out;
}

/**
 * The records of every packet in `batch`, in one buffer. Nanoseconds are truncated to
 * microseconds and seconds wrap at 2^32, as libpcap does when it writes a pcapng or nanosecond
 * packet to a microsecond file; captured bytes and wire length are kept.
 */
export function encodePcapRecords(batch: PacketBatch): Buffer {
  const out = Buffer.allocUnsafe(recordBytes(batch));
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);

  let at = 0;
  for (let i = 0; i < batch.count; i++) {
    const caplen = batch.caplen[i];
    view.setUint32(at, batch.tsSec[i] >>> 0, true);
    view.setUint32(at + 4, Math.floor(batch.tsNsec[i] / NSEC_PER_USEC), true);
    view.setUint32(at + 8, caplen, true);
    view.setUint32(at + 12, batch.wirelen[i] >>> 0, true);

    const start = batch.offset[i];
    batch.buffers[batch.buf[i]].copy(out, at + RECORD_HEADER_BYTES, start, start + caplen);
    at += RECORD_HEADER_BYTES + caplen;
  }
  return out;
}

function recordBytes(batch: PacketBatch): number {
  let total = 0;
  for (let i = 0; i < batch.count; i++) total += RECORD_HEADER_BYTES + batch.caplen[i];
  return total;
}

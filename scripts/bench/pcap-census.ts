import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Packets and bytes of a pcap file, counted from its record headers alone. */
export interface PcapCensus {
  /** Complete records in the file; a record cut short at the end is not counted. */
  readonly packets: number;
  /** Size of the whole file in bytes, headers included: what a reader has to get through. */
  readonly bytes: number;
}

/** Bytes of the pcap global header, and of each record header (ts_sec, ts_frac, incl, orig). */
const GLOBAL_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const INCL_LEN_OFFSET = 8;

/** Read size: large enough that a million-packet file takes a few hundred reads. */
const CHUNK_BYTES = 1 << 20;

/** Magic numbers of microsecond and nanosecond pcap, as read little-endian. */
const MAGIC_LE = new Set([0xa1b2c3d4, 0xa1b23c4d]);
const MAGIC_BE = new Set([0xd4c3b2a1, 0x4d3cb2a1]);

/**
 * Counts the records of a classic pcap file (either byte order, micro- or nanosecond).
 * The benchmark needs the count of the very file it measures, whoever made it, so it walks
 * the record headers rather than trusting a count stored beside the capture.
 * Throws if the file is not pcap: the bench cannot go on without a count.
 */
export function censusPcap(path: string): PcapCensus {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const littleEndian = readByteOrder(fd, path);
    return { packets: countRecords(fd, size, littleEndian), bytes: size };
  } finally {
    closeSync(fd);
  }
}

function readByteOrder(fd: number, path: string): boolean {
  const header = Buffer.alloc(GLOBAL_HEADER_BYTES);
  const got = readSync(fd, header, 0, GLOBAL_HEADER_BYTES, 0);
  const magic = got === GLOBAL_HEADER_BYTES ? header.readUInt32LE(0) : 0;

  if (MAGIC_LE.has(magic)) return true;
  if (MAGIC_BE.has(magic)) return false;
  throw new Error(`not a pcap file (pcapng is not counted): ${path}`);
}

/** Walks record headers chunk by chunk; a record may span chunks, its header may not. */
function countRecords(fd: number, size: number, littleEndian: boolean): number {
  const chunk = Buffer.alloc(CHUNK_BYTES);
  let position = GLOBAL_HEADER_BYTES;
  let packets = 0;

  while (position + RECORD_HEADER_BYTES <= size) {
    const got = readSync(fd, chunk, 0, CHUNK_BYTES, position);
    let offset = 0;
    while (offset + RECORD_HEADER_BYTES <= got) {
      const at = offset + INCL_LEN_OFFSET;
      const inclLen = littleEndian ? chunk.readUInt32LE(at) : chunk.readUInt32BE(at);
      const next = offset + RECORD_HEADER_BYTES + inclLen;
      if (position + next > size) return packets;
      packets += 1;
      offset = next;
    }
    position += offset;
  }
  return packets;
}

/**
 * Builders of small capture files for unit tests: classic pcap and pcapng, either byte order.
 * Each returns the exact bytes a test then describes with a hex dump in its comment.
 */

export interface PcapRecord {
  readonly sec: number;
  /** Microseconds or nanoseconds, as the file's magic says; written as is, even if invalid. */
  readonly frac: number;
  readonly data: Buffer;
  /** Wire length; defaults to data.length. */
  readonly wirelen?: number;
  /** caplen field; defaults to data.length (a larger value makes a damaged record). */
  readonly caplen?: number;
}

export interface PcapHeader {
  readonly le?: boolean;
  readonly nano?: boolean;
  readonly linkType?: number;
  readonly snaplen?: number;
}

export function pcapFile(header: PcapHeader, records: readonly PcapRecord[]): Buffer {
  const le = header.le ?? true;
  const head = Buffer.alloc(24);
  u32(head, 0, header.nano === true ? 0xa1b23c4d : 0xa1b2c3d4, le);
  u16(head, 4, 2, le);
  u16(head, 6, 4, le);
  u32(head, 16, header.snaplen ?? 65535, le);
  u32(head, 20, header.linkType ?? 1, le);
  return Buffer.concat([head, ...records.map((r) => pcapRecord(r, le))]);
}

export function pcapRecord(r: PcapRecord, le: boolean): Buffer {
  const head = Buffer.alloc(16);
  u32(head, 0, r.sec, le);
  u32(head, 4, r.frac, le);
  u32(head, 8, r.caplen ?? r.data.length, le);
  u32(head, 12, r.wirelen ?? r.data.length, le);
  return Buffer.concat([head, r.data]);
}

/** One pcapng block: type, total length, body padded to 4 bytes, total length again. */
export function block(type: number, body: Buffer, le = true): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const total = padded.length + 12;
  const head = Buffer.alloc(8);
  u32(head, 0, type, le);
  u32(head, 4, total, le);
  const tail = Buffer.alloc(4);
  u32(tail, 0, total, le);
  return Buffer.concat([head, padded, tail]);
}

export function shb(le = true, major = 1): Buffer {
  const body = Buffer.alloc(16);
  u32(body, 0, 0x1a2b3c4d, le);
  u16(body, 4, major, le);
  body.fill(0xff, 8, 16); // section length: unknown
  return block(0x0a0d0d0a, body, le);
}

export interface IdbOptions {
  readonly tsresol?: number;
  /** if_tsoffset in seconds. */
  readonly tsoffset?: bigint;
}

export function idb(linkType: number, snaplen: number, opts: IdbOptions = {}, le = true): Buffer {
  const fixed = Buffer.alloc(8);
  u16(fixed, 0, linkType, le);
  u32(fixed, 4, snaplen, le);
  const options: Buffer[] = [];
  if (opts.tsresol !== undefined) options.push(option(9, Buffer.from([opts.tsresol]), le));
  if (opts.tsoffset !== undefined) {
    const v = Buffer.alloc(8);
    if (le) v.writeBigInt64LE(opts.tsoffset);
    else v.writeBigInt64BE(opts.tsoffset);
    options.push(option(14, v, le));
  }
  if (options.length > 0) options.push(Buffer.alloc(4)); // opt_endofopt
  return block(1, Buffer.concat([fixed, ...options]), le);
}

export function option(code: number, value: Buffer, le = true): Buffer {
  const head = Buffer.alloc(4);
  u16(head, 0, code, le);
  u16(head, 2, value.length, le);
  const pad = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([head, value, pad]);
}

/** Enhanced Packet Block with a 64-bit timestamp in the interface's units. */
export function epb(ifIndex: number, units: bigint, data: Buffer, wirelen?: number, le = true) {
  const fixed = Buffer.alloc(20);
  u32(fixed, 0, ifIndex, le);
  u32(fixed, 4, Number(units >> 32n), le);
  u32(fixed, 8, Number(units & 0xffffffffn), le);
  u32(fixed, 12, data.length, le);
  u32(fixed, 16, wirelen ?? data.length, le);
  return block(6, Buffer.concat([fixed, data]), le);
}

/** Obsolete Packet Block (type 2): 16-bit interface id and drops count. */
export function packetBlock(ifIndex: number, units: bigint, data: Buffer, le = true): Buffer {
  const fixed = Buffer.alloc(20);
  u16(fixed, 0, ifIndex, le);
  u32(fixed, 4, Number(units >> 32n), le);
  u32(fixed, 8, Number(units & 0xffffffffn), le);
  u32(fixed, 12, data.length, le);
  u32(fixed, 16, data.length, le);
  return block(2, Buffer.concat([fixed, data]), le);
}

/** Simple Packet Block: original length, then the bytes kept. */
export function spb(wirelen: number, data: Buffer, le = true): Buffer {
  const fixed = Buffer.alloc(4);
  u32(fixed, 0, wirelen, le);
  return block(3, Buffer.concat([fixed, data]), le);
}

/** Bytes 0, 1, 2 ... n-1 (mod 256) plus `seed`, so every packet's content is recognisable. */
export function payload(n: number, seed = 0): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (i + seed) & 0xff;
  return out;
}

function u32(buf: Buffer, off: number, v: number, le: boolean): void {
  if (le) buf.writeUInt32LE(v >>> 0, off);
  else buf.writeUInt32BE(v >>> 0, off);
}

function u16(buf: Buffer, off: number, v: number, le: boolean): void {
  if (le) buf.writeUInt16LE(v, off);
  else buf.writeUInt16BE(v, off);
}

/**
 * Builds small packets for decoder tests: headers with correct lengths and checksums unless a
 * test asks otherwise, so each test changes only the field it is about.
 */
import { PacketBatch } from '../../src/stages/packet-batch.js';

/** Bytes from a hex dump; whitespace and `|` separators are ignored. */
export function hex(dump: string): Buffer {
  return Buffer.from(dump.replace(/[\s|]/g, ''), 'hex');
}

export function ipv4Addr(text: string): Buffer {
  return Buffer.from(text.split('.').map(Number));
}

export function ipv6Addr(text: string): Buffer {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined): number[] =>
    s ? s.split(':').map((g) => parseInt(g, 16)) : [];
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(g, 2 * i));
  return out;
}

function onesSum(data: Buffer, sum = 0): number {
  for (let i = 0; i + 1 < data.length; i += 2) sum += data.readUInt16BE(i);
  if (data.length % 2 === 1) sum += data[data.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** The value a checksum field must hold so that `data` (field zeroed) plus `sum` verifies. */
export function checksumOf(data: Buffer, sum = 0): number {
  return ~onesSum(data, sum) & 0xffff;
}

function pseudoSum(src: Buffer, dst: Buffer, proto: number, len: number): number {
  return onesSum(Buffer.concat([src, dst]), proto + (len >>> 16) + (len & 0xffff));
}

export interface TcpFields {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  payload?: Buffer;
  /** Data offset in 32-bit words; 5 unless options are wanted. */
  dataOffset?: number;
}

export function tcp(f: TcpFields = {}): Buffer {
  const words = f.dataOffset ?? 5;
  const hdr = Buffer.alloc(Math.max(words, 5) * 4);
  hdr.writeUInt16BE(f.sport ?? 40000, 0);
  hdr.writeUInt16BE(f.dport ?? 80, 2);
  hdr.writeUInt32BE(f.seq ?? 1000, 4);
  hdr.writeUInt32BE(f.ack ?? 0, 8);
  hdr[12] = words << 4;
  hdr[13] = f.flags ?? 0x02;
  hdr.writeUInt16BE(f.window ?? 65535, 14);
  return Buffer.concat([hdr, f.payload ?? Buffer.alloc(0)]);
}

export function udp(sport: number, dport: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const hdr = Buffer.alloc(8);
  hdr.writeUInt16BE(sport, 0);
  hdr.writeUInt16BE(dport, 2);
  hdr.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([hdr, payload]);
}

export function icmp(type: number, code: number, rest: Buffer = Buffer.alloc(4)): Buffer {
  return Buffer.concat([Buffer.from([type, code, 0, 0]), rest]);
}

/** Offset of the checksum field within a transport header, or -1 if it has none we fill. */
function checksumField(proto: number): number {
  if (proto === 6) return 16;
  if (proto === 17) return 6;
  if (proto === 1 || proto === 58) return 2;
  return -1;
}

/** Fills the transport checksum of `segment` for the given addresses. */
export function fillTransportChecksum(
  segment: Buffer,
  proto: number,
  src: Buffer,
  dst: Buffer,
): void {
  const field = checksumField(proto);
  if (field < 0 || segment.length < field + 2) return;
  segment.writeUInt16BE(0, field);
  const pseudo = proto === 1 ? 0 : pseudoSum(src, dst, proto, segment.length);
  segment.writeUInt16BE(checksumOf(segment, pseudo), field);
}

export interface Ipv4Fields {
  src?: string;
  dst?: string;
  proto: number;
  payload: Buffer;
  id?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragOffset?: number;
  /** Raw options, a multiple of 4 bytes. */
  options?: Buffer;
  /** Leave the transport checksum as given (for fragments of an already summed datagram). */
  keepTransportChecksum?: boolean;
}

export function ipv4(f: Ipv4Fields): Buffer {
  const options = f.options ?? Buffer.alloc(0);
  const hdr = Buffer.alloc(20 + options.length);
  const src = ipv4Addr(f.src ?? '10.0.0.1');
  const dst = ipv4Addr(f.dst ?? '10.0.0.2');
  const payload = Buffer.from(f.payload);
  if (!f.keepTransportChecksum) fillTransportChecksum(payload, f.proto, src, dst);

  hdr[0] = 0x40 | (hdr.length / 4);
  hdr.writeUInt16BE(hdr.length + payload.length, 2);
  hdr.writeUInt16BE(f.id ?? 0x1234, 4);
  const flags = (f.dontFragment ? 0x4000 : 0) | (f.moreFragments ? 0x2000 : 0);
  hdr.writeUInt16BE(flags | ((f.fragOffset ?? 0) / 8), 6);
  hdr[8] = 64;
  hdr[9] = f.proto;
  src.copy(hdr, 12);
  dst.copy(hdr, 16);
  options.copy(hdr, 20);
  hdr.writeUInt16BE(checksumOf(hdr), 10);
  return Buffer.concat([hdr, payload]);
}

/** An extension header: its type and its bytes with the Next Header byte left to fill. */
export interface Ipv6Extension {
  type: number;
  bytes: Buffer;
}

export interface Ipv6Fields {
  src?: string;
  dst?: string;
  next: number;
  payload: Buffer;
  extensions?: Ipv6Extension[];
  /** Addresses for the transport checksum when extension headers change them. */
  checksumSrc?: string;
  checksumDst?: string;
  keepTransportChecksum?: boolean;
}

export function ipv6(f: Ipv6Fields): Buffer {
  const src = ipv6Addr(f.src ?? '2001:db8::1');
  const dst = ipv6Addr(f.dst ?? '2001:db8::2');
  const payload = Buffer.from(f.payload);
  if (!f.keepTransportChecksum) {
    const cs = f.checksumSrc ? ipv6Addr(f.checksumSrc) : src;
    const cd = f.checksumDst ? ipv6Addr(f.checksumDst) : dst;
    fillTransportChecksum(payload, f.next, cs, cd);
  }

  const exts = (f.extensions ?? []).map((e) => Buffer.from(e.bytes));
  const types = (f.extensions ?? []).map((e) => e.type);
  exts.forEach((e, i) => (e[0] = i + 1 < types.length ? types[i + 1] : f.next));
  const body = Buffer.concat([...exts, payload]);

  const hdr = Buffer.alloc(40);
  hdr[0] = 0x60;
  hdr.writeUInt16BE(body.length, 4);
  hdr[6] = types.length > 0 ? types[0] : f.next;
  hdr[7] = 64;
  src.copy(hdr, 8);
  dst.copy(hdr, 24);
  return Buffer.concat([hdr, body]);
}

export function ethernet(etherType: number, payload: Buffer): Buffer {
  const hdr = hex('00 11 22 33 44 55  66 77 88 99 aa bb');
  const type = Buffer.alloc(2);
  type.writeUInt16BE(etherType);
  return Buffer.concat([hdr, type, payload]);
}

export function vlanTag(id: number, etherType: number): Buffer {
  const tag = Buffer.alloc(4);
  tag.writeUInt16BE(id, 0);
  tag.writeUInt16BE(etherType, 2);
  return tag;
}

export interface TestPacket {
  data: Buffer;
  linkType?: number;
  /** Wire length when the capture was cut short; defaults to the data length. */
  wirelen?: number;
  /** Captured length, to cut `data` as a snaplen would. */
  caplen?: number;
  /** Seconds of network time. */
  ts?: number;
}

/** A batch holding the packets in one backing Buffer, Ethernet unless told otherwise. */
export function batchOf(packets: (Buffer | TestPacket)[], capacity = packets.length): PacketBatch {
  const batch = new PacketBatch(Math.max(capacity, 1));
  const list = packets.map((p) => (Buffer.isBuffer(p) ? { data: p } : p));
  batch.buffers.push(Buffer.concat(list.map((p) => p.data)));
  let off = 0;
  list.forEach((p, i) => {
    const caplen = p.caplen ?? p.data.length;
    batch.push(0, off, caplen, p.wirelen ?? p.data.length, p.ts ?? i, 0, p.linkType ?? 1, 0, i + 1);
    off += p.data.length;
  });
  return batch;
}

/** A weird as the decoder reported it, for assertions. */
export interface SeenWeird {
  kind: 'net' | 'flow';
  name: string;
  addl?: string;
  source?: string;
  src?: string;
  dst?: string;
}

/** A reporter that records every weird. */
export class RecordingReporter {
  readonly weirds: SeenWeird[] = [];

  netWeird(name: string, _ts: number, addl?: string, source?: string): void {
    this.weirds.push({ kind: 'net', name, addl, source });
  }

  flowWeird(
    name: string,
    _ts: number,
    src: string,
    dst: string,
    addl?: string,
    source?: string,
  ): void {
    this.weirds.push({ kind: 'flow', name, addl, source, src, dst });
  }

  names(): string[] {
    return this.weirds.map((w) => w.name);
  }
}

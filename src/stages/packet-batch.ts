/**
 * The unit that flows between packet stages: a columnar batch of packets.
 *
 * A batch owns one or more backing Buffers and a set of typed-array columns indexed by packet
 * number `0 <= i < count`. Packet `i` occupies `buffers[buf[i]]` from `offset[i]` for `caplen[i]`
 * bytes. No object is created per packet: stages read the columns and the bytes in place.
 *
 * The acquisition stage fills the capture columns. The decoder fills the decode columns (layer
 * offsets, addresses, ports, flags); until it has run, `decoded` is false and those columns hold
 * zeros. A filter drops packets by compacting every column in place (`keep`).
 *
 * Ownership: a stage that receives a batch may rewrite its columns and pass it on; it must not
 * keep references into `buffers` beyond the call unless it copies the bytes (out-of-order TCP
 * segments, fragments waiting for reassembly).
 *
 * All columns of a batch are views into one ArrayBuffer: a batch is one allocation rather
 * than thirty, which the allocator and the garbage collector each handle once.
 */

/** Decode result of one packet, in the `status` column. */
export const enum PacketStatus {
  /** Not decoded yet, or the decoder stopped before the transport layer (see `weird`). */
  Undecoded = 0,
  /** IP and transport headers are valid; the tracker may use the packet. */
  Ok = 1,
  /** A header was malformed or truncated; a weird was raised; the tracker ignores it. */
  Malformed = 2,
  /** Not IP (ARP, STP, ...): nothing for the tracker, not an error. */
  NotIp = 3,
  /** A fragment held for reassembly; the reassembled datagram appears later as its own row. */
  FragmentHeld = 4,
}

/** Bits of the `flags` column. */
export const enum PacketFlag {
  /** The IPv4 header checksum was wrong (Zeek drops such packets before the transport layer). */
  BadIpChecksum = 1,
  /** The TCP, UDP or ICMP checksum was wrong; the tracker records `C` in history. */
  BadL4Checksum = 2,
  /** This row is a datagram rebuilt from fragments (its bytes live in an extra buffer). */
  Reassembled = 4,
  /** The IP payload is shorter than its header says (snaplen cut). */
  Truncated = 8,
  /**
   * The transport header is unusable beyond its ports (TCP data offset below 5 or past the
   * segment). Zeek still creates the connection, raises a connection weird
   * (`bad_TCP_header_len` or `truncated_header`) and skips the packet; so must the tracker.
   */
  BadL4Header = 16,
}

/** TCP flag bits as they appear in byte 13 of the TCP header. */
export const enum TcpFlag {
  FIN = 0x01,
  SYN = 0x02,
  RST = 0x04,
  PSH = 0x08,
  ACK = 0x10,
  URG = 0x20,
}

export class PacketBatch {
  /** Number of packets in use; columns may be longer. */
  count = 0;
  /** True once the decoder has filled the decode columns. */
  decoded = false;

  /** Backing storage; `buf[i]` indexes this array. */
  readonly buffers: Buffer[] = [];

  // Capture columns, filled by the source.
  readonly buf: Uint8Array;
  readonly offset: Int32Array;
  readonly caplen: Int32Array;
  readonly wirelen: Int32Array;
  /** Whole seconds since the epoch (may exceed 2^32: pcapng carries 64-bit timestamps). */
  readonly tsSec: Float64Array;
  /** Nanoseconds within the second, 0..999_999_999 (exact for every capture format). */
  readonly tsNsec: Uint32Array;
  /** Link type (LINKTYPE_* number) of the interface the packet came from. */
  readonly linkType: Int32Array;
  /** Interface number within the capture (pcapng), 0 for classic pcap. */
  readonly ifIndex: Int32Array;
  /** 1-based index of the packet in its capture file (for diagnostics and filter tests). */
  readonly frameNo: Float64Array;

  // Decode columns, filled by the decoder. Offsets are relative to the start of the packet.
  readonly status: Uint8Array;
  readonly flags: Uint8Array;
  /** Offset of the (innermost tracked) IP header. */
  readonly l3Offset: Int32Array;
  /** 4 or 6. */
  readonly ipVersion: Uint8Array;
  /** IP protocol number of the transport header (after IPv6 extension headers). */
  readonly ipProto: Uint8Array;
  /** Bytes counted for `*_ip_bytes`: the IPv4 total length or IPv6 payload length + 40. */
  readonly ipLen: Int32Array;
  /** Offset of the transport header. */
  readonly l4Offset: Int32Array;
  /** Source and destination ports; for ICMP, the type and code. */
  readonly srcPort: Uint16Array;
  readonly dstPort: Uint16Array;
  /** TCP flags byte (FIN..CWR); 0 for other protocols. */
  readonly tcpFlags: Uint8Array;
  readonly seq: Uint32Array;
  readonly ack: Uint32Array;
  readonly window: Uint16Array;
  /** Transport payload: offset from packet start and length actually captured. */
  readonly payloadOffset: Int32Array;
  readonly payloadLen: Int32Array;
  /** Payload length the headers claim (TCP: IP length minus headers); >= payloadLen. */
  readonly payloadWireLen: Int32Array;
  /** VLAN ids (outer, inner), 0 when absent; part of Zeek's connection key context. */
  readonly vlan: Uint16Array;
  readonly innerVlan: Uint16Array;
  /** Symmetric hash of the flow key: equal for both directions of a connection. */
  readonly flowHash: Uint32Array;
  /**
   * Index into `tunnels` of the encapsulation chain this packet arrived in, or -1. Chains are
   * objects because they are rare and shared by every packet of a tunnel.
   */
  readonly tunnel: Int32Array;
  readonly tunnels: unknown[] = [];

  private readonly columns: ReadonlyArray<Column>;
  /** Scratch list of the rows `keep` retains, reused across calls. */
  private readonly keptRows: Int32Array;

  constructor(readonly capacity: number) {
    const carve = new ColumnCarver(capacity);
    // Widest elements first, so every column starts aligned to its element size.
    this.tsSec = carve.f64();
    this.frameNo = carve.f64();
    this.offset = carve.i32();
    this.caplen = carve.i32();
    this.wirelen = carve.i32();
    this.tsNsec = carve.u32();
    this.linkType = carve.i32();
    this.ifIndex = carve.i32();
    this.l3Offset = carve.i32();
    this.ipLen = carve.i32();
    this.l4Offset = carve.i32();
    this.seq = carve.u32();
    this.ack = carve.u32();
    this.payloadOffset = carve.i32();
    this.payloadLen = carve.i32();
    this.payloadWireLen = carve.i32();
    this.flowHash = carve.u32();
    this.tunnel = carve.i32().fill(-1);
    this.keptRows = carve.i32();
    this.srcPort = carve.u16();
    this.dstPort = carve.u16();
    this.window = carve.u16();
    this.vlan = carve.u16();
    this.innerVlan = carve.u16();
    this.buf = carve.u8();
    this.status = carve.u8();
    this.flags = carve.u8();
    this.ipVersion = carve.u8();
    this.ipProto = carve.u8();
    this.tcpFlags = carve.u8();
    this.columns = this.listColumns();
  }

  /** The backing Buffer of packet `i`; its bytes start at `offset[i]`. */
  data(i: number): Buffer {
    return this.buffers[this.buf[i]];
  }

  /** A view of packet `i`'s captured bytes (no copy). */
  bytes(i: number): Buffer {
    const o = this.offset[i];
    return this.buffers[this.buf[i]].subarray(o, o + this.caplen[i]);
  }

  /**
   * Packet time as Zeek holds it: a double of seconds at microsecond resolution. Zeek reads
   * captures through libpcap at microsecond precision, which truncates finer timestamps; doing
   * the same keeps durations and `ts` identical to Zeek's. The exact value stays in the columns.
   */
  time(i: number): number {
    return this.tsSec[i] + Math.floor(this.tsNsec[i] / 1000) / 1e6;
  }

  /** Appends a packet's capture columns; returns its index. The caller checks `isFull()`. */
  push(
    bufIndex: number,
    offset: number,
    caplen: number,
    wirelen: number,
    tsSec: number,
    tsNsec: number,
    linkType: number,
    ifIndex: number,
    frameNo: number,
  ): number {
    const i = this.count++;
    this.buf[i] = bufIndex;
    this.offset[i] = offset;
    this.caplen[i] = caplen;
    this.wirelen[i] = wirelen;
    this.tsSec[i] = tsSec;
    this.tsNsec[i] = tsNsec;
    this.linkType[i] = linkType;
    this.ifIndex[i] = ifIndex;
    this.frameNo[i] = frameNo;
    return i;
  }

  isFull(): boolean {
    return this.count >= this.capacity;
  }

  /**
   * Keeps only the packets whose `keepMask[i]` is non-zero, preserving order, by moving every
   * column down in place. Backing buffers are left as they are.
   */
  keep(keepMask: Uint8Array): void {
    const rows = this.keptRows;
    let n = 0;
    for (let r = 0; r < this.count; r++) if (keepMask[r] !== 0) rows[n++] = r;
    if (n === this.count) return;

    // Column by column, each through a function that sees one typed-array class: moving
    // row by row across all columns makes every element access megamorphic (~20x slower).
    for (const col of this.columns) compactColumn(col, rows, n);
    this.count = n;
  }

  /** Every per-packet column, built once, for operations that treat rows generically. */
  private listColumns(): ReadonlyArray<Column> {
    return [
      this.buf, this.offset, this.caplen, this.wirelen, this.tsSec, this.tsNsec, this.linkType,
      this.ifIndex, this.frameNo, this.status, this.flags, this.l3Offset, this.ipVersion,
      this.ipProto, this.ipLen, this.l4Offset, this.srcPort, this.dstPort, this.tcpFlags,
      this.seq, this.ack, this.window, this.payloadOffset, this.payloadLen, this.payloadWireLen,
      this.vlan, this.innerVlan, this.flowHash, this.tunnel,
    ];
  }
}

type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** Bytes per packet of all columns: two of 8-byte, seventeen of 4, five of 2, six of 1. */
const COLUMN_BYTES_PER_PACKET = 2 * 8 + 17 * 4 + 5 * 2 + 6;

/**
 * Hands out the columns of one batch as consecutive views of a single zero-filled ArrayBuffer.
 * The caller asks for wider elements first, which keeps each view aligned. A column that does
 * not fit (one added without updating the count above) gets an ArrayBuffer of its own.
 */
class ColumnCarver {
  private readonly buffer: ArrayBuffer;
  private used = 0;

  constructor(private readonly capacity: number) {
    this.buffer = new ArrayBuffer(capacity * COLUMN_BYTES_PER_PACKET);
  }

  f64(): Float64Array {
    const at = this.take(Float64Array.BYTES_PER_ELEMENT);
    if (at < 0) return new Float64Array(this.capacity);
    return new Float64Array(this.buffer, at, this.capacity);
  }

  u32(): Uint32Array {
    const at = this.take(Uint32Array.BYTES_PER_ELEMENT);
    if (at < 0) return new Uint32Array(this.capacity);
    return new Uint32Array(this.buffer, at, this.capacity);
  }

  i32(): Int32Array {
    const at = this.take(Int32Array.BYTES_PER_ELEMENT);
    if (at < 0) return new Int32Array(this.capacity);
    return new Int32Array(this.buffer, at, this.capacity);
  }

  u16(): Uint16Array {
    const at = this.take(Uint16Array.BYTES_PER_ELEMENT);
    if (at < 0) return new Uint16Array(this.capacity);
    return new Uint16Array(this.buffer, at, this.capacity);
  }

  u8(): Uint8Array {
    const at = this.take(Uint8Array.BYTES_PER_ELEMENT);
    if (at < 0) return new Uint8Array(this.capacity);
    return new Uint8Array(this.buffer, at, this.capacity);
  }

  /** Reserves a column of `width`-byte elements: its byte offset, or -1 if it does not fit. */
  private take(width: number): number {
    const bytes = width * this.capacity;
    if (this.used % width !== 0 || this.used + bytes > this.buffer.byteLength) return -1;
    const at = this.used;
    this.used += bytes;
    return at;
  }
}

/** Moves rows `rows[0..n)` of `col` to positions `0..n)`; rows are increasing. */
function compactColumn(col: Column, rows: Int32Array, n: number): void {
  if (col instanceof Uint8Array) compactU8(col, rows, n);
  else if (col instanceof Uint16Array) compactU16(col, rows, n);
  else if (col instanceof Uint32Array) compactU32(col, rows, n);
  else if (col instanceof Int32Array) compactI32(col, rows, n);
  else compactF64(col, rows, n);
}

function compactU8(col: Uint8Array, rows: Int32Array, n: number): void {
  for (let w = 0; w < n; w++) col[w] = col[rows[w]];
}

function compactU16(col: Uint16Array, rows: Int32Array, n: number): void {
  for (let w = 0; w < n; w++) col[w] = col[rows[w]];
}

function compactU32(col: Uint32Array, rows: Int32Array, n: number): void {
  for (let w = 0; w < n; w++) col[w] = col[rows[w]];
}

function compactI32(col: Int32Array, rows: Int32Array, n: number): void {
  for (let w = 0; w < n; w++) col[w] = col[rows[w]];
}

function compactF64(col: Float64Array, rows: Int32Array, n: number): void {
  for (let w = 0; w < n; w++) col[w] = col[rows[w]];
}

/** Default number of packets per batch (ARCHITECTURE: 256 to 4096). */
export const DEFAULT_BATCH_SIZE = 1024;

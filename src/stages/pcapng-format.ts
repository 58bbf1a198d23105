import type { CaptureFormat, CaptureInfo, FormatContext } from './capture-format.js';
import { viewOf } from './capture-format.js';
import type { CaptureWeirdName } from './capture-issues.js';
import { MAX_PCAPNG_BLOCK_BYTES, PCAPNG_BLOCK_OVERHEAD_BYTES } from './capture-limits.js';
import { PcapngInterface, readInterface } from './pcapng-interface.js';

/** Block types this reader acts on; every other block (ISB, NRB, DSB, custom) is skipped. */
const SECTION_HEADER = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION = 0x00000001;
const OBSOLETE_PACKET = 0x00000002;
const SIMPLE_PACKET = 0x00000003;
const ENHANCED_PACKET = 0x00000006;

/** The section header's byte-order magic, as read little-endian in either byte order. */
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;
const SUPPORTED_MAJOR_VERSION = 1;

/** Type, length, and trailing length: the smallest block. */
const MIN_BLOCK_BYTES = 12;
/** Smallest block of each type we read: fixed fields plus type, length and trailer. */
const MIN_SECTION_HEADER_BYTES = 28;
const MIN_INTERFACE_BYTES = 20;
const MIN_SIMPLE_PACKET_BYTES = 16;
/** EPB and obsolete packet blocks share this layout up to the packet bytes. */
const MIN_TIMED_PACKET_BYTES = 32;
const TIMED_PACKET_DATA_AT = 28;
const SIMPLE_PACKET_DATA_AT = 12;

/**
 * pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, interfaces with their link
 * types and timestamp resolutions, and the three packet blocks (enhanced, simple, obsolete).
 *
 * Framing is by block length, checked against the trailing copy; a length that is impossible
 * or disagrees with its trailer loses the framing, so the reader stops there. Damage inside a
 * well-framed block (unknown interface, caplen beyond the block) skips that block only.
 */
export class PcapngFormat implements CaptureFormat {
  info: CaptureInfo | undefined;
  stopped = false;

  /** Byte order of the current section. */
  private le = true;
  /** Interfaces of the current section, by interface id. */
  private interfaces: PcapngInterface[] = [];
  private lastTime = 0;
  private readonly maxBlockBytes: number;

  constructor(private readonly ctx: FormatContext) {
    const packetBlock = ctx.maxPacketBytes + PCAPNG_BLOCK_OVERHEAD_BYTES;
    this.maxBlockBytes = Math.max(MAX_PCAPNG_BLOCK_BYTES, packetBlock);
  }

  recordSize(buf: Buffer, off: number, end: number): number {
    if (end - off < MIN_BLOCK_BYTES) return MIN_BLOCK_BYTES;

    const size = this.blockLength(viewOf(buf), off);
    return this.isPossibleLength(size) ? size : MIN_BLOCK_BYTES;
  }

  parse(buf: Buffer, off: number, end: number): number {
    const view = viewOf(buf);
    while (!this.stopped && end - off >= MIN_BLOCK_BYTES) {
      const size = this.blockLength(view, off);
      if (!this.isPossibleLength(size)) {
        this.rejectLength(view, off, size);
        break;
      }
      if (end - off < size) break;
      if (view.getUint32(off + size - 4, this.orderOf(view, off)) !== size) {
        this.lose('pcapng_bad_block_length', `length ${size} differs from its trailer`);
        break;
      }

      this.readBlock(view, off, size);
      off += size;
    }
    return off;
  }

  reportTruncated(have: number, need: number): void {
    this.ctx.issues.report('pcapng_truncated_block', this.lastTime, `${have} of ${need} bytes`);
  }

  private readBlock(view: DataView, off: number, size: number): void {
    switch (view.getUint32(off, this.le)) {
      case ENHANCED_PACKET:
        this.readTimedPacket(view, off, size, view.getUint32(off + 8, this.le));
        return;
      case SECTION_HEADER:
        this.readSectionHeader(view, off, size);
        return;
      case INTERFACE_DESCRIPTION:
        this.readInterfaceBlock(view, off, size);
        return;
      case SIMPLE_PACKET:
        this.readSimplePacket(view, off, size);
        return;
      case OBSOLETE_PACKET:
        this.readTimedPacket(view, off, size, view.getUint16(off + 8, this.le));
        return;
      default:
        return;
    }
  }

  /** A new section: its own byte order and its own interfaces. */
  private readSectionHeader(view: DataView, off: number, size: number): void {
    if (size < MIN_SECTION_HEADER_BYTES) {
      this.lose('pcapng_bad_block_length', `section header of ${size} bytes`);
      return;
    }

    this.le = this.orderOf(view, off);
    this.interfaces = [];
    const major = view.getUint16(off + 12, this.le);
    if (major !== SUPPORTED_MAJOR_VERSION) {
      const minor = view.getUint16(off + 14, this.le);
      this.lose('pcapng_unsupported_version', `${major}.${minor}`);
    }
  }

  private readInterfaceBlock(view: DataView, off: number, size: number): void {
    if (size < MIN_INTERFACE_BYTES) {
      this.skip('pcapng_bad_block_length', `interface description of ${size} bytes`);
      return;
    }

    const iface = readInterface(view, off, size, this.le, this.ctx.issues);
    this.interfaces.push(iface);
    this.info ??= {
      format: 'pcapng',
      nanosecond: iface.clock.finerThanMicros,
      headerLinkType: iface.linkType,
      snaplen: iface.snaplen,
    };
  }

  /** EPB and the obsolete Packet Block: interface, 64-bit timestamp, caplen, wire length. */
  private readTimedPacket(view: DataView, off: number, size: number, ifIndex: number): void {
    const iface = this.interfaceFor(ifIndex, size, MIN_TIMED_PACKET_BYTES);
    if (iface === undefined) return;
    const le = this.le;
    const caplen = view.getUint32(off + 20, le);
    const wirelen = view.getUint32(off + 24, le);
    if (!this.acceptCaplen(caplen, size - MIN_TIMED_PACKET_BYTES)) return;

    const clock = iface.clock;
    clock.convert(view.getUint32(off + 12, le), view.getUint32(off + 16, le));
    this.lastTime = clock.sec + clock.nsec / 1e9;

    const kept = caplen > iface.snaplen ? this.cutToSnaplen(caplen, iface.snaplen) : caplen;
    this.ctx.assembler.add(off + TIMED_PACKET_DATA_AT, kept, wirelen, clock.sec, clock.nsec,
      iface.linkType, ifIndex);
  }

  /**
   * SPB: interface 0, no timestamp (libpcap gives time 0), and a captured length that is the
   * smaller of the wire length and the snaplen, and no more than the block holds.
   */
  private readSimplePacket(view: DataView, off: number, size: number): void {
    const iface = this.interfaceFor(0, size, MIN_SIMPLE_PACKET_BYTES);
    if (iface === undefined) return;
    const wirelen = view.getUint32(off + 8, this.le);
    const room = size - MIN_SIMPLE_PACKET_BYTES;
    const caplen = Math.min(wirelen, iface.snaplen, room);
    if (!this.acceptCaplen(caplen, room)) return;

    this.ctx.assembler.add(off + SIMPLE_PACKET_DATA_AT, caplen, wirelen, 0, 0, iface.linkType, 0);
  }

  /** The packet's interface, or undefined (and a weird) when the block cannot be used. */
  private interfaceFor(ifIndex: number, size: number, min: number): PcapngInterface | undefined {
    if (size < min) {
      this.skip('pcapng_bad_block_length', `packet block of ${size} bytes`);
      return undefined;
    }

    const iface = this.interfaces[ifIndex];
    if (iface === undefined) this.skip('pcapng_unknown_interface', `interface ${ifIndex}`);
    return iface;
  }

  private acceptCaplen(caplen: number, room: number): boolean {
    if (caplen <= room && caplen <= this.ctx.maxPacketBytes) return true;

    const limit = Math.min(room, this.ctx.maxPacketBytes);
    this.skip('pcapng_bad_caplen', `caplen ${caplen} > limit ${limit}`);
    return false;
  }

  private cutToSnaplen(caplen: number, snaplen: number): number {
    const addl = `caplen ${caplen} > snaplen ${snaplen}`;
    this.ctx.issues.report('pcap_caplen_exceeds_snaplen', this.lastTime, addl);
    return snaplen;
  }

  /**
   * Length of the block at `off`, read in its section's byte order. A section header carries
   * its own byte order; NaN when its byte-order magic is unknown.
   */
  private blockLength(view: DataView, off: number): number {
    if (view.getUint32(off, true) !== SECTION_HEADER) return view.getUint32(off + 4, this.le);

    const bom = view.getUint32(off + 8, true);
    if (bom !== BYTE_ORDER_MAGIC && bom !== BYTE_ORDER_MAGIC_SWAPPED) return NaN;
    return view.getUint32(off + 4, bom === BYTE_ORDER_MAGIC);
  }

  /** Byte order of the block at `off`: its own for a section header, else the section's. */
  private orderOf(view: DataView, off: number): boolean {
    if (view.getUint32(off, true) !== SECTION_HEADER) return this.le;
    return view.getUint32(off + 8, true) === BYTE_ORDER_MAGIC;
  }

  private isPossibleLength(size: number): boolean {
    return size >= MIN_BLOCK_BYTES && size % 4 === 0 && size <= this.maxBlockBytes;
  }

  private rejectLength(view: DataView, off: number, size: number): void {
    if (Number.isNaN(size)) {
      const bom = view.getUint32(off + 8, true).toString(16);
      this.lose('pcapng_bad_byte_order', `byte-order magic 0x${bom}`);
      return;
    }
    this.lose('pcapng_bad_block_length', `length ${size} (limit ${this.maxBlockBytes})`);
  }

  /** Damage inside one well-framed block: report it and go on with the next block. */
  private skip(name: CaptureWeirdName, addl: string): void {
    this.ctx.issues.report(name, this.lastTime, addl);
  }

  /** Damage that loses the framing or the meaning of what follows: report it and stop. */
  private lose(name: CaptureWeirdName, addl: string): void {
    this.ctx.issues.report(name, this.lastTime, addl);
    this.stopped = true;
  }
}

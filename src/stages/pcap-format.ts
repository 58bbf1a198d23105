import type { CaptureFormat, CaptureInfo, FormatContext } from './capture-format.js';
import { LINK_TYPE_MASK, viewOf } from './capture-format.js';
import { effectiveSnaplen } from './capture-limits.js';

/** Magic numbers of classic pcap, as read in the file's own byte order. */
export const PcapMagic = {
  Micro: 0xa1b2c3d4,
  Nano: 0xa1b23c4d,
  /** Written by a patched libpcap (Red Hat 6.x): 8 more bytes per record header. */
  Patched: 0xa1b2cd34,
} as const;
export type PcapMagic = (typeof PcapMagic)[keyof typeof PcapMagic];

/** What the magic number tells: byte order, resolution, record header layout. */
export interface PcapVariant {
  readonly littleEndian: boolean;
  readonly magic: PcapMagic;
}

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const PATCHED_RECORD_HEADER_BYTES = 24;
const RESERVED_LINK_TYPE_BITS = 0x03ff0000;
const LINKTYPE_ETHERNET = 1;
/** Patched libpcap captured in cooked mode and prepended a fake Ethernet header. */
const PATCHED_ETHERNET_EXTRA_BYTES = 14;
/** DG/UX tcpdump wrote version 543.0 with the pre-2.3 field order. */
const DGUX_VERSION_MAJOR = 543;

/** How caplen and wire length are ordered in record headers (they were swapped before 2.3). */
type LengthOrder = 'normal' | 'swapped' | 'maybeSwapped';

/**
 * Classic pcap (libpcap savefile format 2.4, both byte orders, micro- and nanosecond magics).
 *
 * Record header: ts_sec, ts_frac, caplen, len, each an unsigned 32-bit integer. Seconds are
 * unsigned as in current libpcap, so 0xFFFFFFFF is in 2106, not 1969.
 */
export class PcapFormat implements CaptureFormat {
  info: CaptureInfo | undefined;
  stopped = false;

  private readonly le: boolean;
  private readonly recordHeaderBytes: number;
  /** Sub-second units per second: 1e6 or 1e9. */
  private readonly unitsPerSecond: number;
  private readonly nsecPerUnit: number;
  private linkType = 0;
  private snaplen = 0;
  private caplenAt = 8;
  private wirelenAt = 12;
  private maybeSwapped = false;
  /** Time of the last packet, for weirds. */
  private lastTime = 0;

  constructor(
    private readonly ctx: FormatContext,
    private readonly variant: PcapVariant,
  ) {
    const nano = variant.magic === PcapMagic.Nano;
    this.le = variant.littleEndian;
    this.recordHeaderBytes =
      variant.magic === PcapMagic.Patched ? PATCHED_RECORD_HEADER_BYTES : RECORD_HEADER_BYTES;
    this.unitsPerSecond = nano ? 1e9 : 1e6;
    this.nsecPerUnit = nano ? 1 : 1000;
  }

  recordSize(buf: Buffer, off: number, end: number): number {
    if (this.info === undefined) return FILE_HEADER_BYTES;
    if (end - off < this.recordHeaderBytes) return this.recordHeaderBytes;

    const caplen = this.storedCaplen(viewOf(buf), off);
    if (caplen > this.ctx.maxPacketBytes) return this.recordHeaderBytes;
    return this.recordHeaderBytes + caplen;
  }

  parse(buf: Buffer, off: number, end: number): number {
    const view = viewOf(buf);
    if (this.info === undefined) {
      if (end - off < FILE_HEADER_BYTES) return off;
      this.readFileHeader(view, off);
      off += FILE_HEADER_BYTES;
    }

    const hdr = this.recordHeaderBytes;
    while (!this.stopped && end - off >= hdr) {
      const caplen = this.storedCaplen(view, off);
      if (caplen > this.ctx.maxPacketBytes) {
        this.rejectCaplen(caplen);
        break;
      }
      if (end - off - hdr < caplen) break;

      this.addPacket(view, off, caplen);
      off += hdr + caplen;
    }
    return off;
  }

  reportTruncated(have: number, need: number): void {
    const name = this.info === undefined ? 'pcap_truncated_header' : 'pcap_truncated_record';
    this.ctx.issues.report(name, this.lastTime, `${have} of ${need} bytes`);
  }

  /** Captured length as stored in the file, with pre-2.3 field order undone. */
  private storedCaplen(view: DataView, off: number): number {
    const caplen = view.getUint32(off + this.caplenAt, this.le);
    if (!this.maybeSwapped) return caplen;

    const wirelen = view.getUint32(off + this.wirelenAt, this.le);
    return caplen > wirelen ? wirelen : caplen;
  }

  private addPacket(view: DataView, off: number, caplen: number): void {
    const le = this.le;
    let sec = view.getUint32(off, le);
    let frac = view.getUint32(off + 4, le);
    let wirelen = view.getUint32(off + this.wirelenAt, le);
    if (this.maybeSwapped && wirelen < caplen) wirelen = view.getUint32(off + this.caplenAt, le);

    if (frac >= this.unitsPerSecond) {
      const carry = Math.floor(frac / this.unitsPerSecond);
      this.reportTimestamp(sec, frac);
      sec += carry;
      frac -= carry * this.unitsPerSecond;
    }
    this.lastTime = sec + frac / this.unitsPerSecond;

    const kept = caplen > this.snaplen ? this.cutToSnaplen(caplen) : caplen;
    this.ctx.assembler.add(off + this.recordHeaderBytes, kept, wirelen, sec,
      frac * this.nsecPerUnit, this.linkType, 0);
  }

  private readFileHeader(view: DataView, off: number): void {
    const le = this.le;
    const major = view.getUint16(off + 4, le);
    const minor = view.getUint16(off + 6, le);
    const headerSnaplen = view.getUint32(off + 16, le);
    const linkField = view.getUint32(off + 20, le);

    this.linkType = linkField & LINK_TYPE_MASK;
    this.snaplen = this.fileSnaplen(headerSnaplen);
    this.setLengthOrder(major, minor);
    this.info = {
      format: 'pcap',
      nanosecond: this.unitsPerSecond === 1e9,
      headerLinkType: linkField,
      snaplen: this.snaplen,
    };

    if ((linkField & RESERVED_LINK_TYPE_BITS) !== 0) {
      this.ctx.issues.report('pcap_reserved_link_type_bits', 0, hex(linkField));
    }
    if (!isSupportedVersion(major, minor)) {
      this.ctx.issues.report('pcap_unsupported_version', 0, `${major}.${minor}`);
      this.stopped = true;
    }
  }

  private fileSnaplen(headerSnaplen: number): number {
    const snaplen = effectiveSnaplen(this.linkType, headerSnaplen);
    const cooked = this.variant.magic === PcapMagic.Patched && this.linkType === LINKTYPE_ETHERNET;
    return cooked ? snaplen + PATCHED_ETHERNET_EXTRA_BYTES : snaplen;
  }

  /** libpcap's rule: fields swapped before 2.3, ambiguous at 2.3, normal from 2.4. */
  private setLengthOrder(major: number, minor: number): void {
    let order: LengthOrder = 'normal';
    if (major === DGUX_VERSION_MAJOR || (major === 2 && minor < 3)) order = 'swapped';
    else if (major === 2 && minor === 3) order = 'maybeSwapped';

    this.maybeSwapped = order === 'maybeSwapped';
    if (order === 'swapped') {
      this.caplenAt = 12;
      this.wirelenAt = 8;
    }
  }

  /** libpcap reads such a record whole and hands on only the first snaplen bytes. */
  private cutToSnaplen(caplen: number): number {
    const addl = `caplen ${caplen} > snaplen ${this.snaplen}`;
    this.ctx.issues.report('pcap_caplen_exceeds_snaplen', this.lastTime, addl);
    return this.snaplen;
  }

  private reportTimestamp(sec: number, frac: number): void {
    const addl = `${sec}.${frac} (fraction >= ${this.unitsPerSecond}, carried into seconds)`;
    this.ctx.issues.report('pcap_invalid_timestamp', sec, addl);
  }

  /** The record framing is lost: nothing after this header can be trusted. */
  private rejectCaplen(caplen: number): void {
    const addl = `caplen ${caplen} > limit ${this.ctx.maxPacketBytes}`;
    this.ctx.issues.report('pcap_bad_caplen', this.lastTime, addl);
    this.stopped = true;
  }
}

/** Versions libpcap reads: 2.0 to 2.4, and DG/UX's 543.0. */
function isSupportedVersion(major: number, minor: number): boolean {
  return (major === 2 && minor <= 4) || (major === DGUX_VERSION_MAJOR && minor === 0);
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

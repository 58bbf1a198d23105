import type { WeirdReporter } from '../events/weird-reporter.js';
import { formatIp } from './ip-address.js';
import type { PacketBatch } from './packet-batch.js';

/** What the IP layer learned about the current packet's IP header; see `DecodeContext`. */
export interface IpHeaderView {
  /** 4 or 6. */
  ipVersion: number;
  /** Absolute offset of the IP header in `data`. */
  ipOff: number;
  /** IPv4 header length, or IPv6 header plus the extension headers walked. */
  ipHdrLen: number;
  /** IPv4 total length, or IPv6 payload length + 40. */
  ipTotalLen: number;
  /** Protocol of what follows the walked headers. */
  nextProto: number;
  /** IPv6: type of the last header walked (ESP and Mobility end the walk); IPv4: 255. */
  lastHeader: number;
  /** Absolute offset of that last header. */
  lastHeaderOff: number;
  /** Absolute offsets of the addresses Zeek keys the flow on (IPv6 home address, final hop). */
  srcOff: number;
  dstOff: number;
  /** 4 or 16. */
  addrLen: number;
  isFragment: boolean;
  /** Fragment offset in bytes, "more fragments", "don't fragment" and the identification. */
  fragOffset: number;
  moreFragments: boolean;
  dontFragment: boolean;
  fragId: number;
}

/**
 * The decoder's scratch state for the packet under decode, reused for every packet so decoding
 * allocates nothing. The layer functions read the bytes through `data` with absolute offsets
 * and write what they learn here and into the batch columns of row `row`.
 *
 * Invariant: `start <= end <= data.length`; no layer reads at or past `end`.
 */
export class DecodeContext implements IpHeaderView {
  batch!: PacketBatch;
  row = 0;
  data: Buffer = Buffer.alloc(0);
  /** Absolute offset of the packet's first byte. */
  start = 0;
  /** Absolute end of the usable captured bytes (a link-layer length field may lower it). */
  end = 0;
  /** Bytes the whole frame had on the wire. */
  wireLen = 0;

  /** Protocol number the link layer hands over next (EtherType space). */
  etherType = 0;
  /** Link-layer headers walked so far (bounded by `maxLinkHeaders`). */
  linkHeaders = 0;
  /** 802.1Q tags seen so far. */
  vlanTags = 0;

  ipVersion = 0;
  ipOff = 0;
  ipHdrLen = 0;
  ipTotalLen = 0;
  nextProto = 0;
  lastHeader = 0;
  lastHeaderOff = 0;
  srcOff = 0;
  dstOff = 0;
  addrLen = 0;
  isFragment = false;
  fragOffset = 0;
  moreFragments = false;
  dontFragment = false;
  fragId = 0;
  /** IPv6: a routing header named the final destination (`dstOff` points at it). */
  finalDstSet = false;
  /** IPv6: a Home Address option named the source (`srcOff` points at it). */
  homeAddrSet = false;
  /** IPv6: offset, relative to `ipOff`, of the Next Header byte that names the fragment header. */
  fragNextFieldRel = 0;

  constructor(
    readonly reporter: WeirdReporter,
    readonly ignoreChecksums: boolean,
  ) {}

  /** Points the context at row `row` of `batch` and clears what earlier packets left. */
  reset(batch: PacketBatch, row: number): void {
    this.batch = batch;
    this.row = row;
    this.data = batch.data(row);
    this.start = batch.offset[row];
    this.end = Math.min(this.start + batch.caplen[row], this.data.length);
    this.wireLen = batch.wirelen[row];
    this.etherType = 0;
    this.linkHeaders = 0;
    this.vlanTags = 0;
    this.ipVersion = 0;
    this.isFragment = false;
    this.finalDstSet = false;
    this.homeAddrSet = false;
  }

  /** Network time of the packet, as weirds carry it. */
  time(): number {
    return this.batch.time(this.row);
  }

  /**
   * A weird about the packet as a whole, before its IP addresses are known. `source` is the
   * layer's name as Zeek writes it: its analyzer's canonical, upper-case name (`ETHERNET`).
   */
  netWeird(name: string, source: string, addl?: string): void {
    this.reporter.netWeird(name, this.time(), addl, source);
  }

  /** A weird naming the packet's (flow key) addresses; ports are logged as 0. */
  flowWeird(name: string, source?: string, addl?: string): void {
    const src = formatIp(this.data, this.srcOff, this.ipVersion);
    const dst = formatIp(this.data, this.dstOff, this.ipVersion);
    this.reporter.flowWeird(name, this.time(), src, dst, addl, source);
  }
}

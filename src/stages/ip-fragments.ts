import type { FragmentLimits } from '../config/decoder-defaults.js';
import type { DecodeContext } from './decode-context.js';
import { rewriteAsWholeDatagram } from './ipv4.js';
import { IPV6_HEADER } from './ipv6.js';
import { LinkType } from './link-layer.js';
import { PacketFlag } from './packet-batch.js';
import type { ReassemblyArena } from './reassembly-arena.js';

/**
 * IPv4 and IPv6 fragment reassembly, following Zeek's FragReassembler: datagrams are keyed by
 * (source, destination, identification); overlapping data keeps what arrived first and raises
 * `fragment_overlap` (same bytes) or `fragment_inconsistency` (different bytes); sizes implied
 * by the fragments are cross-checked (`fragment_size_inconsistency`).
 *
 * The fragment bytes are copied (the batch's Buffers do not outlive the call). When the last
 * piece arrives, the datagram (IP header + payload) is written into the batch and the row of
 * that final fragment is re-pointed at it; the IP layer then decodes it as a whole packet.
 */

/** Zeek's thresholds for the two fragment-size weirds (not limits: nothing is dropped). */
const MIN_ACCEPTABLE_FRAGMENT = 64;
const MAX_ACCEPTABLE_FRAGMENT = 64000;
/** Largest datagram an IP length field can describe. */
const MAX_DATAGRAM = 65535;
/** IPv6 fragment header, left out of the reassembled datagram. */
const FRAGMENT_HEADER = 8;
const INITIAL_PAYLOAD_BYTES = 2048;

interface PendingDatagram {
  readonly key: string;
  /** Network time of the first fragment; the datagram expires `timeoutSeconds` later. */
  readonly firstSeen: number;
  /** IPv4: the first fragment's header. IPv6: the headers before the fragment header. */
  readonly header: Buffer;
  /** IPv4 protocol, or the IPv6 next header after the fragment header. */
  nextProto: number;
  /** IPv6: where in `header` the Next Header byte naming the fragment header sits. */
  readonly nextFieldRel: number;
  /** Payload size implied by the last fragment (0 while unknown). */
  fragSize: number;
  payload: Buffer;
  /** Received payload ranges, sorted and merged: [start0, end0, start1, end1, ...]. */
  ranges: number[];
  /** Payload bytes received. */
  held: number;
}

export class FragmentReassembler {
  private readonly pending = new Map<string, PendingDatagram>();
  private heldTotal = 0;

  constructor(
    private readonly limits: FragmentLimits,
    private readonly arena: ReassemblyArena,
  ) {}

  /** Datagrams waiting for fragments. */
  get pendingDatagrams(): number {
    return this.pending.size;
  }

  /** Payload bytes held for them. */
  get heldBytes(): number {
    return this.heldTotal;
  }

  /**
   * Adds the fragment the context describes (fully captured). Returns true when it completed
   * its datagram: the row and the context then point at the whole datagram.
   */
  add(ctx: DecodeContext): boolean {
    const now = ctx.time();
    this.expire(now);

    const key = fragmentKey(ctx);
    let dg = this.pending.get(key);
    if (dg === undefined) dg = this.open(ctx, key, now);
    else checkConsistency(ctx, dg);
    if (ctx.dontFragment) ctx.flowWeird('fragment_with_DF');

    if (ctx.ipTotalLen < ctx.ipHdrLen) {
      ctx.flowWeird('fragment_protocol_inconsistency');
      return false;
    }
    this.addPiece(ctx, dg);
    if (!isComplete(ctx, dg)) {
      this.enforceByteLimit(ctx);
      return false;
    }

    this.forget(dg);
    return emitDatagram(ctx, dg, this.arena);
  }

  private open(ctx: DecodeContext, key: string, now: number): PendingDatagram {
    if (this.pending.size >= this.limits.maxDatagrams) {
      ctx.netWeird(
        'ip_fragment_datagrams_limit',
        'IP',
        `${this.pending.size + 1} > ${this.limits.maxDatagrams}`,
      );
      this.forget(this.pending.values().next().value);
    }

    const dg = newDatagram(ctx, key, now);
    this.pending.set(key, dg);
    return dg;
  }

  private addPiece(ctx: DecodeContext, dg: PendingDatagram): void {
    const offset = ctx.fragOffset;
    const upper = offset + ctx.ipTotalLen - ctx.ipHdrLen;
    if (offset === 0) dg.nextProto = ctx.nextProto;
    checkSizes(ctx, dg, upper);

    const before = dg.held;
    insertPiece(ctx, dg, offset, upper);
    this.heldTotal += dg.held - before;
  }

  /** Drops the oldest datagrams while more bytes are held than allowed. */
  private enforceByteLimit(ctx: DecodeContext): void {
    if (this.heldTotal <= this.limits.maxBytes) return;
    ctx.netWeird('ip_fragment_bytes_limit', 'IP', `${this.heldTotal} > ${this.limits.maxBytes}`);
    for (const dg of this.pending.values()) {
      if (this.heldTotal <= this.limits.maxBytes) break;
      this.forget(dg);
    }
  }

  /** Drops datagrams whose first fragment is older than the timeout; Zeek does so silently. */
  private expire(now: number): void {
    for (const dg of this.pending.values()) {
      if (dg.firstSeen + this.limits.timeoutSeconds > now) break;
      this.forget(dg);
    }
  }

  private forget(dg: PendingDatagram | undefined): void {
    if (dg !== undefined && this.pending.delete(dg.key)) this.heldTotal -= dg.held;
  }
}

/** Allocates per fragment only: fragments are rare and their bytes are copied anyway. */
function fragmentKey(ctx: DecodeContext): string {
  const d = ctx.data;
  const src = d.toString('latin1', ctx.srcOff, ctx.srcOff + ctx.addrLen);
  const dst = d.toString('latin1', ctx.dstOff, ctx.dstOff + ctx.addrLen);
  return `${ctx.ipVersion}${src}${dst}${ctx.fragId}`;
}

function unfragmentableLength(ctx: DecodeContext): number {
  return ctx.ipVersion === 4 ? ctx.ipHdrLen : ctx.ipHdrLen - FRAGMENT_HEADER;
}

function newDatagram(ctx: DecodeContext, key: string, now: number): PendingDatagram {
  const headerLen = unfragmentableLength(ctx);
  const header = Buffer.from(ctx.data.subarray(ctx.ipOff, ctx.ipOff + headerLen));
  return {
    key,
    firstSeen: now,
    header,
    nextProto: ctx.nextProto,
    nextFieldRel: ctx.fragNextFieldRel,
    fragSize: 0,
    payload: Buffer.alloc(INITIAL_PAYLOAD_BYTES),
    ranges: [],
    held: 0,
  };
}

/** Later fragments must agree with the first on protocol and header length. */
function checkConsistency(ctx: DecodeContext, dg: PendingDatagram): void {
  const header = dg.header;
  const differs =
    ctx.ipVersion === 4
      ? ctx.data[ctx.ipOff + 9] !== header[9] || ctx.ipHdrLen !== header.length
      : ctx.nextProto !== dg.nextProto || unfragmentableLength(ctx) !== header.length;
  if (differs) ctx.flowWeird('fragment_protocol_inconsistency');
}

/** Zeek's size bookkeeping: the last fragment fixes the size; disagreements are weirds. */
function checkSizes(ctx: DecodeContext, dg: PendingDatagram, upper: number): void {
  if (!ctx.moreFragments) {
    if (dg.fragSize === 0) dg.fragSize = upper;
    else if (upper !== dg.fragSize) {
      ctx.flowWeird('fragment_size_inconsistency');
      if (upper > dg.fragSize) dg.fragSize = upper;
    }
  } else if (ctx.ipTotalLen < MIN_ACCEPTABLE_FRAGMENT) {
    ctx.flowWeird('excessively_small_fragment');
  }

  if (upper > MAX_ACCEPTABLE_FRAGMENT) ctx.flowWeird('excessively_large_fragment');
  if (dg.fragSize !== 0 && upper > dg.fragSize) {
    ctx.flowWeird('fragment_size_inconsistency');
    dg.fragSize = upper;
  }
}

/** Copies the fragment's payload into the holes of `[offset, upper)`; first data wins. */
function insertPiece(ctx: DecodeContext, dg: PendingDatagram, offset: number, upper: number): void {
  if (upper <= offset) return;
  const from = ctx.ipOff + ctx.ipHdrLen - offset;
  reportOverlaps(ctx, dg, from, offset, upper);
  ensureCapacity(dg, upper);

  let cursor = offset;
  const ranges = dg.ranges;
  for (let r = 0; r < ranges.length && cursor < upper; r += 2) {
    if (ranges[r + 1] <= cursor) continue;
    if (ranges[r] > cursor) copyInto(ctx, dg, from, cursor, Math.min(ranges[r], upper));
    cursor = Math.max(cursor, ranges[r + 1]);
  }
  if (cursor < upper) copyInto(ctx, dg, from, cursor, upper);
  dg.ranges = mergeRange(ranges, offset, upper);
}

function reportOverlaps(
  ctx: DecodeContext,
  dg: PendingDatagram,
  from: number,
  offset: number,
  upper: number,
): void {
  const ranges = dg.ranges;
  for (let r = 0; r < ranges.length; r += 2) {
    const start = Math.max(ranges[r], offset);
    const end = Math.min(ranges[r + 1], upper);
    if (start >= end) continue;
    const same = ctx.data.compare(dg.payload, start, end, from + start, from + end) === 0;
    ctx.flowWeird(same ? 'fragment_overlap' : 'fragment_inconsistency');
  }
}

function copyInto(
  ctx: DecodeContext,
  dg: PendingDatagram,
  from: number,
  start: number,
  end: number,
): void {
  ctx.data.copy(dg.payload, start, from + start, from + end);
  dg.held += end - start;
}

function ensureCapacity(dg: PendingDatagram, size: number): void {
  if (dg.payload.length >= size) return;
  const grown = Buffer.alloc(Math.max(size, dg.payload.length * 2));
  dg.payload.copy(grown);
  dg.payload = grown;
}

/** Inserts `[start, end)` into sorted, merged ranges, merging what touches or overlaps it. */
function mergeRange(ranges: number[], start: number, end: number): number[] {
  const out: number[] = [];
  let placed = false;
  for (let r = 0; r < ranges.length; r += 2) {
    const s = ranges[r];
    const e = ranges[r + 1];
    if (e < start) out.push(s, e);
    else if (s > end) {
      if (!placed) out.push(start, end);
      placed = true;
      out.push(s, e);
    } else {
      start = Math.min(start, s);
      end = Math.max(end, e);
    }
  }
  if (!placed) out.push(start, end);
  return out;
}

/**
 * Zeek's completeness rule: data from offset 0 up to the known size. A hole above the known
 * size means two datagrams were interleaved; Zeek then takes the contiguous part.
 */
function isComplete(ctx: DecodeContext, dg: PendingDatagram): boolean {
  const ranges = dg.ranges;
  if (ranges[0] !== 0 || dg.fragSize === 0) return false;

  const contiguousEnd = ranges[1];
  if (ranges.length > 2) {
    if (contiguousEnd < dg.fragSize) return false;
    ctx.flowWeird('fragment_size_inconsistency');
    dg.fragSize = contiguousEnd;
    return true;
  }
  if (contiguousEnd > dg.fragSize) {
    ctx.flowWeird('fragment_size_inconsistency');
    dg.fragSize = contiguousEnd;
  }
  return contiguousEnd >= dg.fragSize;
}

/** Writes header + payload into the batch and re-points the row and the context at it. */
function emitDatagram(ctx: DecodeContext, dg: PendingDatagram, arena: ReassemblyArena): boolean {
  const n = dg.header.length + dg.fragSize;
  if (n > MAX_DATAGRAM + (ctx.ipVersion === 6 ? IPV6_HEADER : 0)) return false;
  const off = arena.reserve(ctx.batch, n);
  if (off < 0) {
    ctx.netWeird('ip_fragment_batch_buffers_exhausted', 'IP');
    return false;
  }

  const out = arena.buffer;
  dg.header.copy(out, off);
  dg.payload.copy(out, off + dg.header.length, 0, dg.fragSize);
  completeHeader(ctx, dg, out, off, n);
  repointRow(ctx, arena.bufIndex, out, off, n);
  return true;
}

function completeHeader(
  ctx: DecodeContext,
  dg: PendingDatagram,
  out: Buffer,
  off: number,
  n: number,
): void {
  if (ctx.ipVersion === 4) {
    rewriteAsWholeDatagram(out, off, n);
    return;
  }
  out.writeUInt16BE(n - IPV6_HEADER, off + 4);
  out[off + dg.nextFieldRel] = dg.nextProto;
}

/** The row now holds a raw IP datagram that was whole on the wire as far as we know. */
function repointRow(
  ctx: DecodeContext,
  bufIndex: number,
  out: Buffer,
  off: number,
  n: number,
): void {
  const batch = ctx.batch;
  const row = ctx.row;
  batch.buf[row] = bufIndex;
  batch.offset[row] = off;
  batch.caplen[row] = n;
  batch.wirelen[row] = n;
  batch.linkType[row] = LinkType.Raw;
  batch.flags[row] |= PacketFlag.Reassembled;

  ctx.data = out;
  ctx.start = off;
  ctx.end = off + n;
  ctx.wireLen = n;
}

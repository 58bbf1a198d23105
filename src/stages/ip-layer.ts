import { ipv4HeaderChecksumOk } from './checksum.js';
import type { DecodeContext } from './decode-context.js';
import type { FragmentReassembler } from './ip-fragments.js';
import { IpProtocol } from './ip-protocol.js';
import { IPV4_MIN_HEADER, readIPv4Header } from './ipv4.js';
import { IPV6_HEADER, readIPv6Header } from './ipv6.js';
import { PacketFlag, PacketStatus } from './packet-batch.js';
import { pseudoChecksumOk } from './transport-fields.js';
import { decodeTransport } from './transport-layer.js';

/**
 * The IP layer, in the order of Zeek's IP packet analyzer so the same packets are dropped
 * with the same weirds: header presence, length fields, IPv4 header checksum, fragments, the
 * IPv6 headers that end analysis (ESP, Mobility, No Next Header), then the transport layer.
 *
 * Weirds raised before the header is accepted are net weirds (source `IP`); later ones name
 * the packet's addresses (flow weirds), as Zeek attaches the header to the packet only after
 * its length checks.
 */
export class IpLayerDecoder {
  constructor(private readonly fragments: FragmentReassembler) {}

  /** Decodes the IP packet at absolute offset `off` of the context's packet. */
  decode(ctx: DecodeContext, off: number): PacketStatus {
    return this.decodeAt(ctx, off, false);
  }

  private decodeAt(ctx: DecodeContext, off: number, reassembled: boolean): PacketStatus {
    if (!readHeader(ctx, off)) return PacketStatus.Malformed;
    const zeroedLength = ctx.ipVersion === 4 && ctx.ipTotalLen === 0;
    if (!checkLengths(ctx, off, zeroedLength)) return PacketStatus.Malformed;
    writeIpColumns(ctx);

    if (
      !ctx.ignoreChecksums &&
      ctx.ipVersion === 4 &&
      !ipv4HeaderChecksumOk(ctx.data, off, ctx.ipHdrLen)
    ) {
      ctx.batch.flags[ctx.row] |= PacketFlag.BadIpChecksum;
      ctx.flowWeird('bad_IP_checksum', 'IP');
      return PacketStatus.Malformed;
    }

    if (ctx.isFragment && !reassembled) {
      if (ctx.end - off >= ctx.ipTotalLen) return this.reassemble(ctx);
      ctx.flowWeird('incompletely_captured_fragment', 'IP');
      // Zeek still analyses a first fragment cut by the snaplen: its headers are useful.
      if (ctx.fragOffset !== 0) return PacketStatus.Malformed;
    }
    return decodePayload(ctx, zeroedLength);
  }

  private reassemble(ctx: DecodeContext): PacketStatus {
    if (!this.fragments.add(ctx)) return PacketStatus.FragmentHeld;
    return this.decodeAt(ctx, ctx.start, true);
  }
}

/** Reads the IPv4 or IPv6 header into the context; false (after a weird) if there is none. */
function readHeader(ctx: DecodeContext, off: number): boolean {
  const len = ctx.end - off;
  if (len < IPV4_MIN_HEADER) {
    ctx.netWeird('truncated_IP', 'IP');
    return false;
  }

  const version = ctx.data[off] >> 4;
  if (version === 4) {
    readIPv4Header(ctx, off);
    return true;
  }
  if (version !== 6) {
    ctx.netWeird('unknown_ip_version', 'IP');
    return false;
  }
  if (len < IPV6_HEADER) {
    ctx.netWeird('truncated_IP', 'IP');
    return false;
  }
  readIPv6Header(ctx, off, len);
  return true;
}

/**
 * Zeek's length checks. A zero IPv4 length comes from segmentation offload: with checksums
 * ignored the captured length stands in for it, otherwise the packet is dropped (its checksum
 * would be wrong too).
 */
function checkLengths(ctx: DecodeContext, off: number, zeroedLength: boolean): boolean {
  const linkLen = off - ctx.start;
  if (zeroedLength) {
    ctx.netWeird('ip_hdr_len_zero', 'IP');
    if (!ctx.ignoreChecksums) return false;
    ctx.ipTotalLen = ctx.batch.caplen[ctx.row] - linkLen;
  }

  if (ctx.wireLen < ctx.ipTotalLen + linkLen) return failLength(ctx, 'truncated_IP_len');
  if (ctx.ipHdrLen > ctx.ipTotalLen) return failLength(ctx, 'invalid_IP_header_size');
  if (ctx.ipHdrLen > ctx.end - off) return failLength(ctx, 'internally_truncated_header');
  if (ctx.ipVersion === 4 && ctx.ipHdrLen < IPV4_MIN_HEADER) {
    return failLength(ctx, 'IPv4_min_header_size');
  }
  return true;
}

function failLength(ctx: DecodeContext, name: string): false {
  ctx.netWeird(name, 'IP');
  return false;
}

function writeIpColumns(ctx: DecodeContext): void {
  const batch = ctx.batch;
  const row = ctx.row;
  batch.l3Offset[row] = ctx.ipOff - ctx.start;
  batch.ipVersion[row] = ctx.ipVersion;
  batch.ipProto[row] = ctx.nextProto;
  batch.ipLen[row] = ctx.ipTotalLen;
  batch.l4Offset[row] = ctx.ipOff + ctx.ipHdrLen - ctx.start;
}

/** What follows the IP headers: nothing to track (ESP, Mobility), an error, or a transport. */
function decodePayload(ctx: DecodeContext, zeroedLength: boolean): PacketStatus {
  if (ctx.lastHeader === IpProtocol.ESP) return PacketStatus.Undecoded;
  if (ctx.lastHeader === IpProtocol.Mobility) return checkMobility(ctx);

  const l4Off = ctx.ipOff + ctx.ipHdrLen;
  const ipPayloadLen = zeroedLength ? 0 : ctx.ipTotalLen - ctx.ipHdrLen;
  let remaining = ctx.end - l4Off;
  if (ipPayloadLen !== 0 && remaining >= ipPayloadLen) remaining = ipPayloadLen;
  else if (ipPayloadLen !== 0) ctx.batch.flags[ctx.row] |= PacketFlag.Truncated;

  if (ctx.nextProto === IpProtocol.NoNextHeader) {
    ctx.flowWeird('ipv6_no_next', 'IP');
    return PacketStatus.Malformed;
  }
  return decodeTransport(ctx, l4Off, remaining, ipPayloadLen);
}

/**
 * A Mobile IPv6 header (RFC 6275 6.1) ends analysis; Zeek validates its checksum and notes
 * data piggybacked behind it.
 */
function checkMobility(ctx: DecodeContext): PacketStatus {
  const mh = ctx.lastHeaderOff;
  const mhLen = ctx.ipOff + ctx.ipHdrLen - mh;
  if (!ctx.ignoreChecksums && !pseudoChecksumOk(ctx, mh, mhLen, IpProtocol.Mobility)) {
    ctx.flowWeird('bad_MH_checksum', 'IP');
    return PacketStatus.Malformed;
  }
  if (ctx.nextProto !== IpProtocol.NoNextHeader) ctx.flowWeird('mobility_piggyback', 'IP');
  return PacketStatus.Undecoded;
}

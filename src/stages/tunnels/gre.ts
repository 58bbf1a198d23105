import { be16 } from '../byte-order.js';
import { InnerLink, type TunnelPayload } from './tunnel-payload.js';

/**
 * GRE (RFC 2784/2890) and Enhanced GRE for PPTP (RFC 2637), parsed as Zeek's GRE packet
 * analyzer parses them. Version 0 carries raw IP whatever its protocol type says, except
 * for transparent Ethernet bridging and ERSPAN types I/II/III, which carry Ethernet frames.
 * Version 1 carries PPP, of which only IPv4 and IPv6 frames are followed.
 */

const GRE_BASE = 4;
const CHECKSUM_PRESENT = 0x8000;
const ROUTING_PRESENT = 0x4000;
const KEY_PRESENT = 0x2000;
const SEQUENCE_PRESENT = 0x1000;
const ACK_PRESENT = 0x0080;
/** Flag bits RFC 2784 leaves reserved; Zeek refuses packets that set them. */
const RESERVED_FLAGS = 0x0078;
const VERSION_MASK = 0x0007;
const OPTIONAL_FIELD = 4;

const TRANSPARENT_ETHERNET = 0x6558;
const ERSPAN_I_II = 0x88be;
const ERSPAN_III = 0x22eb;
const PPP = 0x880b;
const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;
/** Address, control and protocol fields in front of a PPTP payload. */
const PPP_HEADER = 4;
const ETHERNET_HEADER = 14;
const ERSPAN_II_HEADER = 8;
const ERSPAN_III_HEADER = 12;
const ERSPAN_III_SUBHEADER = 8;

const IPPROTO_IPV4 = 4;
const IPPROTO_IPV6 = 41;

/** Length of the GRE header the flags announce (RFC 1701 routing is not counted). */
function greHeaderLength(flags: number): number {
  let len = GRE_BASE;
  if ((flags & CHECKSUM_PRESENT) !== 0) len += OPTIONAL_FIELD;
  if ((flags & KEY_PRESENT) !== 0) len += OPTIONAL_FIELD;
  if ((flags & SEQUENCE_PRESENT) !== 0) len += OPTIONAL_FIELD;
  if ((flags & ACK_PRESENT) !== 0) len += OPTIONAL_FIELD;
  return len;
}

/** What GRE found beyond the payload location: its version (0 or 1). */
export interface GreInfo {
  version: number;
}

/**
 * Parses the GRE header of `len` bytes at `off`. Fills `out` and returns undefined, or
 * returns the name of the weird Zeek raises (with `out.addl` set when it has detail).
 */
export function parseGre(
  d: Uint8Array, off: number, len: number, out: TunnelPayload, info: GreInfo,
): string | undefined {
  out.addl = undefined;
  if (len < GRE_BASE) return 'truncated_GRE';

  const flags = be16(d, off);
  const protoType = be16(d, off + 2);
  const version = flags & VERSION_MASK;
  const greLen = greHeaderLength(flags);
  if (version !== 0 && version !== 1) {
    out.addl = `version=${version}`;
    return 'unknown_gre_version';
  }

  out.link = InnerLink.Ip;
  out.ipProto = 0;
  let skip = greLen;
  let needed = greLen;
  if (version === 0) {
    const extra = version0Extra(d, off, len, flags, protoType, greLen, out);
    if (extra < 0) return extra === UNSUPPORTED ? 'gre_ieee802_11_unsupported' : 'truncated_GRE';
    skip += extra;
    needed += extra + ((out.link as InnerLink) === InnerLink.Ethernet ? ETHERNET_HEADER : 0);
  } else if (protoType !== PPP) {
    out.addl = `proto=${protoType}`;
    return 'egre_protocol_type';
  } else {
    skip += PPP_HEADER;
    needed += PPP_HEADER;
  }

  const weird = checkFlagsAndLength(flags, len, needed);
  if (weird !== undefined) return weird;
  if (version === 1) {
    const pppProto = be16(d, off + greLen + 2);
    if (pppProto !== PPP_IPV4 && pppProto !== PPP_IPV6) return 'non_ip_packet_in_encap';
    out.ipProto = pppProto === PPP_IPV4 ? IPPROTO_IPV4 : IPPROTO_IPV6;
  }

  info.version = version;
  out.offset = off + skip;
  out.length = len - skip;
  return undefined;
}

function checkFlagsAndLength(flags: number, len: number, needed: number): string | undefined {
  // RFC 2784 deprecates RFC 1701's variable-length routing field; Zeek does not skip it.
  if ((flags & ROUTING_PRESENT) !== 0) return 'gre_routing';
  if ((flags & RESERVED_FLAGS) !== 0) return 'unknown_gre_flags';
  if (len < needed) return 'truncated_GRE';
  return undefined;
}

const TRUNCATED = -1;
const UNSUPPORTED = -2;

/**
 * Version 0 payload kinds: returns the bytes of ERSPAN header to skip after GRE (setting
 * `out.link` for Ethernet payloads), or TRUNCATED / UNSUPPORTED.
 */
function version0Extra(
  d: Uint8Array, off: number, len: number, flags: number, protoType: number, greLen: number,
  out: TunnelPayload,
): number {
  switch (protoType) {
    case TRANSPARENT_ETHERNET:
      if (len <= greLen + ETHERNET_HEADER) return TRUNCATED;
      out.link = InnerLink.Ethernet;
      return 0;
    case ERSPAN_I_II:
      if (len <= greLen + ETHERNET_HEADER) return TRUNCATED;
      out.link = InnerLink.Ethernet;
      // Type II carries a sequence number in GRE and an 8-byte ERSPAN header; type I neither.
      return (flags & SEQUENCE_PRESENT) !== 0 ? ERSPAN_II_HEADER : 0;
    case ERSPAN_III:
      return erspan3Extra(d, off, len, greLen, out);
    default:
      if (isAruba(protoType)) return len <= greLen ? TRUNCATED : UNSUPPORTED;
      return 0;
  }
}

/** ERSPAN type III: a 12-byte header, plus an 8-byte platform subheader when flagged. */
function erspan3Extra(
  d: Uint8Array, off: number, len: number, greLen: number, out: TunnelPayload,
): number {
  if (len <= greLen + ETHERNET_HEADER + ERSPAN_III_HEADER) return TRUNCATED;
  out.link = InnerLink.Ethernet;
  const optionalSubheader = (d[off + greLen + ERSPAN_III_HEADER - 1] & 0x01) !== 0;
  if (!optionalSubheader) return ERSPAN_III_HEADER;
  if (len <= greLen + ERSPAN_III_HEADER + ERSPAN_III_SUBHEADER + ETHERNET_HEADER) {
    return TRUNCATED;
  }
  return ERSPAN_III_HEADER + ERSPAN_III_SUBHEADER;
}

/**
 * Aruba access points send 802.11 frames in GRE under these protocol types. wirelog has no
 * 802.11 decoder yet, so such packets end at the GRE layer with a weird of their own.
 */
function isAruba(t: number): boolean {
  return ((t & 0x8200) === 0x8200 && (t & 0x0f) === 0) ||
    ((t & 0x8300) === 0x8300 && (t & 0x0f) === 0 && t <= 0x8370) ||
    t === 0x9000;
}

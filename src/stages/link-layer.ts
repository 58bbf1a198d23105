import { decodeBsdNull } from './bsd-null.js';
import { decodeCiscoHdlc } from './cisco-hdlc.js';
import type { DecodeContext } from './decode-context.js';
import { decodeEthernet } from './ethernet.js';
import { EtherType, LINK_MALFORMED, LINK_NOT_IP } from './link-result.js';
import { decodeLinuxSll, decodeLinuxSll2 } from './linux-sll.js';
import { skipMplsLabels } from './mpls.js';
import { decodePpp, decodePppSerial } from './ppp.js';
import { decodePppoe } from './pppoe.js';
import { decodeVlan } from './vlan.js';

/** LINKTYPE_* numbers (tcpdump.org/linktypes.html) the decoder reads. */
export const enum LinkType {
  Null = 0,
  Ethernet = 1,
  Ppp = 9,
  /** DLT_RAW as numbered on some BSDs (12) and OpenBSD (14). */
  RawBsd = 12,
  RawOpenBsd = 14,
  PppHdlc = 50,
  Raw = 101,
  CiscoHdlc = 104,
  Loop = 108,
  LinuxSll = 113,
  Ipv4 = 228,
  Ipv6 = 229,
  LinuxSll2 = 276,
}

/**
 * Walks the link-layer headers of a packet down to its IP header: the first header chosen by
 * the link type, then EtherType by EtherType through VLAN tags, PPPoE and MPLS, as Zeek's
 * packet analyzers dispatch them.
 */
export class LinkLayerDecoder {
  private readonly unknownLinkTypes = new Map<number, number>();

  /** @param maxLinkHeaders bound on EtherType hand-overs per packet (tag stacks). */
  constructor(private readonly maxLinkHeaders: number) {}

  /** Packets seen per link type the decoder cannot read (each type raised one weird). */
  get unknownLinkTypeCounts(): ReadonlyMap<number, number> {
    return this.unknownLinkTypes;
  }

  /** Returns the absolute offset of the IP header, or LINK_MALFORMED / LINK_NOT_IP. */
  findNetworkLayer(ctx: DecodeContext, linkType: number): number {
    const off = this.decodeFirstHeader(ctx, linkType);
    if (off < 0) return off;
    return this.followEtherType(ctx, off);
  }

  private decodeFirstHeader(ctx: DecodeContext, linkType: number): number {
    const start = ctx.start;
    switch (linkType) {
      case LinkType.Ethernet:
        return decodeEthernet(ctx, start);
      case LinkType.Null:
      case LinkType.Loop:
        return decodeBsdNull(ctx, start);
      case LinkType.Raw:
      case LinkType.RawBsd:
      case LinkType.RawOpenBsd:
      case LinkType.Ipv4:
      case LinkType.Ipv6:
        // The IP layer tells the version by its nibble, so either EtherType works here.
        ctx.etherType = EtherType.IPv4;
        return start;
      case LinkType.Ppp:
        return decodePpp(ctx, start);
      case LinkType.PppHdlc:
        return decodePppSerial(ctx, start);
      case LinkType.CiscoHdlc:
        return decodeCiscoHdlc(ctx, start);
      case LinkType.LinuxSll:
        return decodeLinuxSll(ctx, start);
      case LinkType.LinuxSll2:
        return decodeLinuxSll2(ctx, start);
      default:
        return this.unknownLinkType(ctx, linkType);
    }
  }

  /**
   * Follows EtherTypes until IP. Inside a VLAN tag only 802.1Q (not 802.1ad) tags are
   * followed, as in Zeek.
   */
  private followEtherType(ctx: DecodeContext, off: number): number {
    let insideVlan = false;
    for (;;) {
      if (++ctx.linkHeaders > this.maxLinkHeaders) {
        ctx.netWeird('max_packet_analyzer_depth_exceeded', 'ROOT', `${this.maxLinkHeaders}`);
        return LINK_MALFORMED;
      }

      switch (ctx.etherType) {
        case EtherType.IPv4:
        case EtherType.IPv6:
          return off;
        case EtherType.Mpls:
          return skipMplsLabels(ctx, off);
        case EtherType.QinQ:
        case EtherType.QinQLegacy:
          if (insideVlan) return LINK_NOT_IP;
          off = decodeVlan(ctx, off);
          insideVlan = true;
          break;
        case EtherType.Vlan:
          off = decodeVlan(ctx, off);
          insideVlan = true;
          break;
        case EtherType.PppoeSession:
          off = decodePppoe(ctx, off);
          break;
        default:
          return LINK_NOT_IP;
      }
      if (off < 0) return off;
    }
  }

  /** Unknown link types are counted, and reported once per type rather than per packet. */
  private unknownLinkType(ctx: DecodeContext, linkType: number): number {
    const seen = this.unknownLinkTypes.get(linkType) ?? 0;
    this.unknownLinkTypes.set(linkType, seen + 1);
    if (seen === 0) ctx.netWeird('unknown_link_type', 'ROOT', `${linkType}`);
    return LINK_NOT_IP;
  }
}

export { LINK_MALFORMED, LINK_NOT_IP };

/**
 * What a link-layer step returns: the absolute offset of the next header (>= 0), or one of
 * these codes. A negative code ends the walk; the packet's status follows from it.
 */

/** The header was truncated or invalid; the step raised a weird. */
export const LINK_MALFORMED = -1;
/** The frame carries no IP (ARP, LLC, an unknown EtherType); nothing to report. */
export const LINK_NOT_IP = -2;

/** EtherType values the link layers hand over. */
export const enum EtherType {
  IPv4 = 0x0800,
  ARP = 0x0806,
  IPv6 = 0x86dd,
  Vlan = 0x8100,
  QinQ = 0x88a8,
  QinQLegacy = 0x9100,
  Mpls = 0x8847,
  PppoeSession = 0x8864,
  CiscoFabricPath = 0x8903,
}

/** Largest value of the Ethernet type/length field that is a length (IEEE 802.3). */
export const MAX_8023_LENGTH = 1500;
/** Smallest value of the Ethernet type/length field that is an EtherType. */
export const MIN_ETHERTYPE = 1536;

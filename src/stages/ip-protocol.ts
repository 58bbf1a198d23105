/** IP protocol numbers (IANA) the decoder distinguishes. */
export const enum IpProtocol {
  HopByHop = 0,
  ICMP = 1,
  IPv4 = 4,
  TCP = 6,
  UDP = 17,
  IPv6 = 41,
  Routing = 43,
  Fragment = 44,
  GRE = 47,
  ESP = 50,
  AH = 51,
  ICMPv6 = 58,
  NoNextHeader = 59,
  DestinationOptions = 60,
  Mobility = 135,
  /** What an IPv4 header reports as its "last header": it has no extension chain. */
  Raw = 255,
}

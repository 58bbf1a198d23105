/**
 * Link types the filter compiler knows, their names as libpcap describes them (error messages
 * quote these), and where each puts its type field and its payload.
 */

/** LINKTYPE_* numbers as they appear in capture files. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  SLIP: 8,
  PPP: 9,
  RAW_OPENBSD: 12,
  RAW_BSDOS: 14,
  PPP_SERIAL: 50,
  RAW: 101,
  C_HDLC: 104,
  IEEE802_11: 105,
  LINUX_SLL: 113,
  PFLOG: 117,
  IEEE802_11_RADIOTAP: 127,
  JUNIPER_ETHER: 178,
  IPV4: 228,
  IPV6: 229,
  DBUS: 231,
  NFLOG: 239,
  IPOIB: 242,
  PKTAP: 258,
  VSOCK: 271,
  LINUX_SLL2: 276,
} as const;

/** pcap_datalink_val_to_description() texts for the link types above. */
const DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [LinkType.NULL, 'BSD loopback'],
  [LinkType.ETHERNET, 'Ethernet'],
  [LinkType.SLIP, 'SLIP'],
  [LinkType.PPP, 'PPP'],
  [LinkType.RAW_OPENBSD, 'Raw IP'],
  [LinkType.RAW_BSDOS, 'Raw IP'],
  [LinkType.PPP_SERIAL, 'PPP over serial'],
  [LinkType.RAW, 'Raw IP'],
  [LinkType.C_HDLC, 'Cisco HDLC'],
  [LinkType.IEEE802_11, '802.11'],
  [LinkType.LINUX_SLL, 'Linux cooked v1'],
  [LinkType.PFLOG, 'OpenBSD pflog file'],
  [LinkType.IEEE802_11_RADIOTAP, '802.11 plus radiotap header'],
  [LinkType.JUNIPER_ETHER, 'Juniper Ethernet'],
  [LinkType.IPV4, 'Raw IPv4'],
  [LinkType.IPV6, 'Raw IPv6'],
  [LinkType.DBUS, 'D-Bus'],
  [LinkType.NFLOG, 'Linux netfilter log messages'],
  [LinkType.IPOIB, 'RFC 4391 IP-over-Infiniband'],
  [LinkType.PKTAP, 'Apple DLT_PKTAP'],
  [LinkType.VSOCK, 'Linux vsock'],
  [LinkType.LINUX_SLL2, 'Linux cooked v2'],
]);

/**
 * Names used in "... link-layer type filtering not implemented", where libpcap words a few
 * differently from the description.
 */
const FILTERING_NAMES: ReadonlyMap<number, string> = new Map([[LinkType.NFLOG, 'NFLOG']]);

export function linkTypeDescription(linkType: number): string {
  return DESCRIPTIONS.get(linkType) ?? `DLT ${linkType}`;
}

export function filteringName(linkType: number): string {
  return FILTERING_NAMES.get(linkType) ?? linkTypeDescription(linkType);
}

/** How a link type frames its payload; offsets are bytes from the start of the packet. */
export interface LinkLayout {
  /** Offset of the link-layer type field, or undefined if the link has none. */
  readonly typeOffset?: number;
  /** Offset of the link-layer payload (the network header), or undefined if unknown. */
  readonly payloadOffset?: number;
  /** The header before the payload has a length only known per packet (802.11, radiotap). */
  readonly variable?: 'ieee802_11' | 'radiotap';
}

const LAYOUTS: ReadonlyMap<number, LinkLayout> = new Map<number, LinkLayout>([
  [LinkType.NULL, { typeOffset: 0, payloadOffset: 4 }],
  [LinkType.ETHERNET, { typeOffset: 12, payloadOffset: 14 }],
  [LinkType.SLIP, { payloadOffset: 16 }],
  [LinkType.PPP, { typeOffset: 2, payloadOffset: 4 }],
  [LinkType.PPP_SERIAL, { typeOffset: 2, payloadOffset: 4 }],
  [LinkType.C_HDLC, { typeOffset: 2, payloadOffset: 4 }],
  [LinkType.RAW, { payloadOffset: 0 }],
  [LinkType.RAW_OPENBSD, { payloadOffset: 0 }],
  [LinkType.RAW_BSDOS, { payloadOffset: 0 }],
  [LinkType.IPV4, { payloadOffset: 0 }],
  [LinkType.IPV6, { payloadOffset: 0 }],
  [LinkType.LINUX_SLL, { typeOffset: 14, payloadOffset: 16 }],
  [LinkType.LINUX_SLL2, { typeOffset: 0, payloadOffset: 20 }],
  [LinkType.JUNIPER_ETHER, { payloadOffset: 32 }],
  [LinkType.IEEE802_11, { variable: 'ieee802_11' }],
  [LinkType.IEEE802_11_RADIOTAP, { variable: 'radiotap' }],
]);

/** The layout of a link type; unknown ones only support `len` and `ether[]`-style loads. */
export function linkLayout(linkType: number): LinkLayout {
  return LAYOUTS.get(linkType) ?? {};
}

/** Link types whose frames carry Ethernet-style MAC addresses (`ether host` and friends). */
export function hasMacAddresses(linkType: number): boolean {
  return (
    linkType === LinkType.ETHERNET ||
    linkType === LinkType.IEEE802_11 ||
    linkType === LinkType.IEEE802_11_RADIOTAP
  );
}

export function isIeee80211(linkType: number): boolean {
  return linkType === LinkType.IEEE802_11 || linkType === LinkType.IEEE802_11_RADIOTAP;
}

/** Protocol words that all mean "the link layer" (libpcap's scanner maps them to one token). */
const LINK_WORDS: ReadonlySet<string> = new Set([
  'link',
  'ether',
  'ppp',
  'slip',
  'fddi',
  'tr',
  'wlan',
]);

export function isLinkProtocol(proto: string | undefined): boolean {
  return proto !== undefined && LINK_WORDS.has(proto);
}

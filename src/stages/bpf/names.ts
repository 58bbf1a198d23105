/**
 * Names the filter language knows: keywords, named numeric constants (`tcp-syn`,
 * `icmp-echoreply`), service names for ports and protocol names for `proto`.
 */

/** Words that are numbers wherever a number may appear (libpcap's scanner returns NUM). */
export const NAMED_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['icmptype', 0],
  ['icmpcode', 1],
  ['icmp6type', 0],
  ['icmp6code', 1],
  ['tcpflags', 13],
  ['tcp-fin', 0x01],
  ['tcp-syn', 0x02],
  ['tcp-rst', 0x04],
  ['tcp-push', 0x08],
  ['tcp-ack', 0x10],
  ['tcp-urg', 0x20],
  ['tcp-ece', 0x40],
  ['tcp-cwr', 0x80],
  ['icmp-echoreply', 0],
  ['icmp-unreach', 3],
  ['icmp-sourcequench', 4],
  ['icmp-redirect', 5],
  ['icmp-echo', 8],
  ['icmp-routeradvert', 9],
  ['icmp-routersolicit', 10],
  ['icmp-timxceed', 11],
  ['icmp-paramprob', 12],
  ['icmp-tstamp', 13],
  ['icmp-tstampreply', 14],
  ['icmp-ireq', 15],
  ['icmp-ireqreply', 16],
  ['icmp-maskreq', 17],
  ['icmp-maskreply', 18],
  ['icmp6-destinationunreach', 1],
  ['icmp6-packettoobig', 2],
  ['icmp6-timeexceeded', 3],
  ['icmp6-parameterproblem', 4],
  ['icmp6-echo', 128],
  ['icmp6-echoreply', 129],
  ['icmp6-multicastlistenerquery', 130],
  ['icmp6-multicastlistenerreportv1', 131],
  ['icmp6-multicastlistenerdone', 132],
  ['icmp6-routersolicit', 133],
  ['icmp6-routeradvert', 134],
  ['icmp6-neighborsolicit', 135],
  ['icmp6-neighboradvert', 136],
  ['icmp6-redirect', 137],
  ['icmp6-routerrenum', 138],
  ['icmp6-nodeinformationquery', 139],
  ['icmp6-nodeinformationresponse', 140],
  ['icmp6-ineighbordiscoverysolicit', 141],
  ['icmp6-ineighbordiscoveryadvert', 142],
  ['icmp6-multicastlistenerreportv2', 143],
  ['icmp6-homeagentdiscoveryrequest', 144],
  ['icmp6-homeagentdiscoveryreply', 145],
  ['icmp6-mobileprefixsolicit', 146],
  ['icmp6-mobileprefixadvert', 147],
  ['icmp6-certpathsolicit', 148],
  ['icmp6-certpathadvert', 149],
  ['icmp6-multicastrouteradvert', 151],
  ['icmp6-multicastroutersolicit', 152],
  ['icmp6-multicastrouterterm', 153],
]);

/** Protocol qualifiers that may stand alone or prefix a primitive. */
export const PROTOCOL_WORDS: ReadonlySet<string> = new Set([
  'link', 'ether', 'ppp', 'slip', 'fddi', 'tr', 'wlan', 'ip', 'ip6', 'arp', 'rarp', 'tcp',
  'udp', 'icmp', 'icmp6', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'sctp', 'ah', 'esp', 'atalk',
  'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis', 'es-is', 'isis', 'is-is',
  'clnp', 'stp', 'ipx', 'netbeui', 'radio',
]);

/** Every reserved word; a word not here is a host, service or protocol name. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  ...PROTOCOL_WORDS,
  'and', 'or', 'not', 'src', 'dst', 'host', 'net', 'mask', 'netmask', 'port', 'portrange',
  'proto', 'protochain', 'gateway', 'broadcast', 'multicast', 'less', 'greater', 'len',
  'inbound', 'outbound', 'ifindex', 'vlan', 'mpls', 'pppoed', 'pppoes', 'geneve', 'type',
  'subtype', 'dir', 'direction', 'ra', 'ta', 'addr1', 'addr2', 'addr3', 'addr4', 'address1',
  'address2', 'address3', 'address4', 'llc', 'on', 'ifname', 'rnr', 'rulenum', 'reason',
  'rset', 'ruleset', 'srnr', 'subrulenum', 'action', 'lane', 'metac', 'bcc', 'oam', 'oamf4',
  'oamf4ec', 'oamf4sc', 'sc', 'ilmic', 'vpi', 'vci', 'connectmsg', 'metaconnect', 'fisu',
  'lssu', 'lsu', 'msu', 'hfisu', 'hlssu', 'hmsu', 'sio', 'opc', 'dpc', 'sls', 'hsio', 'hopc',
  'hdpc', 'hsls', 'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp',
]);

/** IP protocol numbers of the protocol words (`tcp` in `ip proto tcp`, `\tcp`). */
export const IP_PROTOCOLS: ReadonlyMap<string, number> = new Map([
  ['icmp', 1],
  ['igmp', 2],
  ['ipip', 4],
  ['tcp', 6],
  ['egp', 8],
  ['igrp', 9],
  ['udp', 17],
  ['ipv6', 41],
  ['rsvp', 46],
  ['gre', 47],
  ['esp', 50],
  ['ah', 51],
  ['icmp6', 58],
  ['ipv6-icmp', 58],
  ['ospf', 89],
  ['pim', 103],
  ['vrrp', 112],
  ['carp', 112],
  ['sctp', 132],
]);

/** EtherType values for `ether proto \name`. */
export const ETHER_PROTOCOLS: ReadonlyMap<string, number> = new Map([
  ['ip', 0x0800],
  ['ip6', 0x86dd],
  ['arp', 0x0806],
  ['rarp', 0x8035],
  ['atalk', 0x809b],
  ['aarp', 0x80f3],
  ['decnet', 0x6003],
  ['sca', 0x6007],
  ['lat', 0x6004],
  ['mopdl', 0x6001],
  ['moprc', 0x6002],
  ['ipx', 0x8137],
  ['loopback', 0x9000],
]);

/**
 * Service names for `port NAME`, as /etc/services lists them: `tcp`/`udp` say where the name
 * is registered; a name registered for both with one number matches either protocol.
 */
export const SERVICES: ReadonlyMap<string, { readonly port: number; readonly tcp: boolean; readonly udp: boolean }> =
  new Map(
    (
      [
        ['ftp-data', 20, 't'], ['ftp', 21, 't'], ['ssh', 22, 't'], ['telnet', 23, 't'],
        ['smtp', 25, 't'], ['domain', 53, 'tu'], ['bootps', 67, 'u'], ['bootpc', 68, 'u'],
        ['tftp', 69, 'u'], ['gopher', 70, 't'], ['finger', 79, 't'], ['http', 80, 't'],
        ['www', 80, 't'], ['kerberos', 88, 'tu'], ['pop3', 110, 't'], ['sunrpc', 111, 'tu'],
        ['auth', 113, 't'], ['nntp', 119, 't'], ['ntp', 123, 'u'], ['epmap', 135, 'tu'],
        ['netbios-ns', 137, 'u'], ['netbios-dgm', 138, 'u'], ['netbios-ssn', 139, 't'],
        ['imap2', 143, 't'], ['imap', 143, 't'], ['snmp', 161, 'tu'], ['snmp-trap', 162, 'tu'],
        ['bgp', 179, 't'], ['irc', 194, 't'], ['ldap', 389, 'tu'], ['https', 443, 'tu'],
        ['microsoft-ds', 445, 't'], ['isakmp', 500, 'u'], ['syslog', 514, 'u'],
        ['submission', 587, 't'], ['ldaps', 636, 't'], ['imaps', 993, 't'], ['pop3s', 995, 't'],
        ['socks', 1080, 't'], ['openvpn', 1194, 'tu'], ['ms-sql-s', 1433, 't'],
        ['l2f', 1701, 'u'], ['pptp', 1723, 't'], ['radius', 1812, 'u'], ['nfs', 2049, 'tu'],
        ['mysql', 3306, 't'], ['rdp', 3389, 't'], ['sip', 5060, 'tu'], ['xmpp-client', 5222, 't'],
        ['postgresql', 5432, 't'], ['x11', 6000, 't'], ['http-alt', 8080, 't'],
      ] as const
    ).map(([name, port, p]) => [name, { port, tcp: p.includes('t'), udp: p.includes('u') }]),
  );

/** 802.11 frame types and subtypes as bits of frame-control byte 0. */
export const WLAN_TYPES: ReadonlyMap<string, number> = new Map([
  ['mgt', 0x00],
  ['management', 0x00],
  ['ctl', 0x04],
  ['control', 0x04],
  ['data', 0x08],
]);

export const WLAN_SUBTYPES: ReadonlyMap<string, { readonly type: number; readonly bits: number }> =
  new Map(
    (
      [
        ['assoc-req', 0x00, 0x00], ['assocreq', 0x00, 0x00], ['assoc-resp', 0x00, 0x10],
        ['assocresp', 0x00, 0x10], ['reassoc-req', 0x00, 0x20], ['reassocreq', 0x00, 0x20],
        ['reassoc-resp', 0x00, 0x30], ['reassocresp', 0x00, 0x30], ['probe-req', 0x00, 0x40],
        ['probereq', 0x00, 0x40], ['probe-resp', 0x00, 0x50], ['proberesp', 0x00, 0x50],
        ['beacon', 0x00, 0x80], ['atim', 0x00, 0x90], ['disassoc', 0x00, 0xa0],
        ['disassociation', 0x00, 0xa0], ['auth', 0x00, 0xb0], ['deauth', 0x00, 0xc0],
        ['ps-poll', 0x04, 0xa0], ['rts', 0x04, 0xb0], ['cts', 0x04, 0xc0], ['ack', 0x04, 0xd0],
        ['cf-end', 0x04, 0xe0], ['cf-end-ack', 0x04, 0xf0], ['data', 0x08, 0x00],
        ['data-cf-ack', 0x08, 0x10], ['data-cf-poll', 0x08, 0x20],
        ['data-cf-ack-poll', 0x08, 0x30], ['null', 0x08, 0x40], ['cf-ack', 0x08, 0x50],
        ['cf-poll', 0x08, 0x60], ['cf-ack-poll', 0x08, 0x70], ['qos-data', 0x08, 0x80],
        ['qos-data-cf-ack', 0x08, 0x90], ['qos-data-cf-poll', 0x08, 0xa0],
        ['qos-data-cf-ack-poll', 0x08, 0xb0], ['qos', 0x08, 0xc0], ['qos-cf-poll', 0x08, 0xe0],
        ['qos-cf-ack-poll', 0x08, 0xf0],
      ] as const
    ).map(([name, type, bits]) => [name, { type, bits }]),
  );

/** 802.11 directions (frame-control byte 1, To DS / From DS bits). */
export const WLAN_DIRECTIONS: ReadonlyMap<string, number> = new Map([
  ['nods', 0],
  ['tods', 1],
  ['fromds', 2],
  ['dstods', 3],
]);

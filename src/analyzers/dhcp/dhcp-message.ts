/**
 * A DHCP message as the analyzer reports it (RFC 2131 section 2), shaped as Zeek's DHCP::Msg
 * and DHCP::Options records: the fixed BOOTP fields, and the options Zeek interprets.
 */

export interface DhcpMessage {
  /** 1: BOOTREQUEST, 2: BOOTREPLY. */
  readonly op: number;
  /** Value of the message type option (53); 0 when the message has none. */
  readonly mType: number;
  /** Transaction id, chosen by the client. */
  readonly xid: number;
  /** Seconds since the client began acquiring or renewing. */
  readonly secs: number;
  readonly flags: number;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  /** Client hardware address (chaddr) as a MAC, empty if it has no MAC form. */
  readonly chaddr: string;
  /** Server host name, up to its last non-NUL byte; absent when it has none. */
  readonly sname?: Uint8Array;
  /** Boot file name, up to its last non-NUL byte; absent when it has none. */
  readonly file?: Uint8Array;
}

export interface DhcpClientId {
  /** Hardware type (1: Ethernet); 0 means the id is an opaque string. */
  readonly hwtype: number;
  /** The id: a MAC in text form, or the raw bytes when `hwtype` is 0. */
  readonly hwaddr: Uint8Array | string;
}

export interface DhcpClientFqdn {
  readonly flags: number;
  readonly rcode1: number;
  readonly rcode2: number;
  readonly domainName: Uint8Array;
}

export interface DhcpSubOption {
  readonly code: number;
  readonly value: Uint8Array;
}

/** Options by Zeek's field names; a repeated option keeps its last value. */
export interface DhcpOptions {
  /** Every option code in the order seen, pads included, the end option excluded. */
  options: number[];
  subnetMask?: string;
  routers?: string[];
  dnsServers?: string[];
  hostName?: Uint8Array;
  domainName?: Uint8Array;
  forwarding?: boolean;
  broadcast?: string;
  vendor?: Uint8Array;
  nbns?: string[];
  addrRequest?: string;
  /** Lease time, seconds. */
  lease?: number;
  servAddr?: string;
  paramList?: number[];
  message?: Uint8Array;
  maxMsgSize?: number;
  renewalTime?: number;
  rebindingTime?: number;
  vendorClass?: Uint8Array;
  clientId?: DhcpClientId;
  userClass?: Uint8Array;
  clientFqdn?: DhcpClientFqdn;
  subOpt?: DhcpSubOption[];
  autoConfig?: boolean;
  autoProxyConfig?: Uint8Array;
  timeOffset?: number;
  timeServers?: string[];
  nameServers?: string[];
  ntpServers?: string[];
}

/**
 * One dhcp.log row in the making (Zeek's DHCP::Info): what the messages of one transaction id
 * told about the client, the server and the lease, merged message by message.
 */
import type { Connection } from '../../stages/connection.js';
import type { DhcpMessage, DhcpOptions } from './dhcp-message.js';
import { dhcpMessageTypeName } from './dhcp-message-types.js';

const UNSPECIFIED = '0.0.0.0';
const BROADCAST = '255.255.255.255';
const CLIENT_PORT = 68;
const SERVER_PORT = 67;
const ETHERNET_HWTYPE = 1;

export class DhcpInfo {
  /** Uids of the connections the transaction's messages came over, in first-seen order. */
  readonly uids = new Set<string>();
  readonly msgTypes: string[] = [];
  duration = 0;
  /** Network time of the latest message, for expiry. */
  lastMessageTs: number;
  clientAddr?: string;
  serverAddr?: string;
  mac?: string;
  hostName?: Uint8Array;
  clientFqdn?: Uint8Array;
  domain?: Uint8Array;
  requestedAddr?: string;
  assignedAddr?: string;
  leaseTime?: number;
  clientMessage?: Uint8Array;
  serverMessage?: Uint8Array;
  /** The chaddr a client sent, used for `mac` when nothing better was seen. */
  clientChaddr?: string;

  constructor(
    /** Network time of the transaction's first message. */
    readonly ts: number,
  ) {
    this.lastMessageTs = ts;
  }

  /** Merges one message seen at `ts` on connection `c`. */
  absorb(c: Connection, isOrig: boolean, msg: DhcpMessage, o: DhcpOptions, ts: number): void {
    this.duration = ts - this.ts;
    this.uids.add(c.uid);
    this.msgTypes.push(dhcpMessageTypeName(msg.mType));
    this.lastMessageTs = ts;

    // A server broadcasting to a client is the originator too; Zeek tells it by the ports.
    const isClient = isOrig &&
      (c.origH === UNSPECIFIED || c.origPort === CLIENT_PORT || c.respPort === SERVER_PORT);
    if (o.message !== undefined) {
      if (isClient) this.clientMessage = o.message;
      else this.serverMessage = o.message;
    }
    if (isClient) this.absorbClient(c, msg, o);
    else this.absorbServer(c, isOrig, msg, o);
  }

  private absorbClient(c: Connection, msg: DhcpMessage, o: DhcpOptions): void {
    if (c.origH !== UNSPECIFIED && c.origH !== BROADCAST) this.clientAddr = c.origH;
    if (o.hostName !== undefined) this.hostName = o.hostName;
    if (o.clientFqdn !== undefined) this.clientFqdn = o.clientFqdn.domainName;
    if (o.clientId?.hwtype === ETHERNET_HWTYPE) this.mac = o.clientId.hwaddr as string;
    else this.clientChaddr = msg.chaddr;
    if (o.addrRequest !== undefined) this.requestedAddr = o.addrRequest;
  }

  private absorbServer(c: Connection, isOrig: boolean, msg: DhcpMessage, o: DhcpOptions): void {
    // Only a server that hands out an address counts; a unicast reply was flipped to resp.
    if (msg.yiaddr !== UNSPECIFIED) this.serverAddr = isOrig ? c.origH : c.respH;
    if (msg.chaddr !== '' && this.mac === undefined) this.mac = msg.chaddr;
    if (msg.yiaddr !== UNSPECIFIED) this.assignedAddr = msg.yiaddr;
    if (this.clientAddr === undefined && this.assignedAddr !== undefined) {
      this.clientAddr = this.assignedAddr;
    }
    if (o.domainName !== undefined) this.domain = o.domainName;
    if (o.lease !== undefined) this.leaseTime = o.lease;
  }

  /** The row; `withChaddr` fills `mac` from the client's chaddr when nothing else set it. */
  record(withChaddr: boolean) {
    return {
      ts: this.ts,
      uids: [...this.uids],
      client_addr: this.clientAddr,
      server_addr: this.serverAddr,
      mac: this.mac ?? (withChaddr ? this.clientChaddr : undefined),
      host_name: this.hostName,
      client_fqdn: this.clientFqdn,
      domain: this.domain,
      requested_addr: this.requestedAddr,
      assigned_addr: this.assignedAddr,
      lease_time: this.leaseTime,
      client_message: this.clientMessage,
      server_message: this.serverMessage,
      msg_types: this.msgTypes,
      duration: this.duration,
    };
  }
}

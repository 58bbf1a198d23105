/**
 * Reads the DHCP options Zeek interprets (RFC 2132 and later), each into its DhcpOptions
 * field. As in Zeek, a fixed-size option takes its type's size whatever its length byte says,
 * and an address list takes length/4 addresses; every read stays within the datagram.
 */
import type { BoundedReader } from '../bounded-reader.js';
import { formatIp } from '../../stages/ip-address.js';
import { formatMac } from './mac-address.js';
import type { DhcpOptions, DhcpSubOption } from './dhcp-message.js';

/** Per-direction state that outlives one message: Zeek's running relay sub-option length. */
export interface DhcpFlowState {
  /** Sum of relay agent sub-option sizes seen in this direction, modulo 256. */
  relaySumLength: number;
}

type OptionReader = (r: BoundedReader, length: number, o: DhcpOptions, flow: DhcpFlowState) => void;

const ADDRESS_BYTES = 4;
const BYTE_MASK = 0xff;
/** Sub-option code and length bytes. */
const SUB_OPTION_HEADER = 2;
/** Flags and the two RCODE bytes before an FQDN's name (RFC 4702). */
const FQDN_HEADER = 3;

function address(r: BoundedReader): string {
  return formatIp(r.bytes(ADDRESS_BYTES), 0, 4);
}

function addressList(r: BoundedReader, length: number): string[] {
  const list: string[] = [];
  for (let i = 0; i < Math.floor(length / ADDRESS_BYTES); i++) list.push(address(r));
  return list;
}

/** The bytes up to the last non-NUL one; empty when that is the first byte or there is none. */
export function trimTrailingNuls(bytes: Uint8Array): Uint8Array {
  let last = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) last = i;
  return bytes.subarray(0, last === 0 ? 0 : last + 1);
}

function stripNewline(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  return n > 0 && bytes[n - 1] === 0x0a ? bytes.subarray(0, n - 1) : bytes;
}

function relaySubOptions(r: BoundedReader, total: number, flow: DhcpFlowState): DhcpSubOption[] {
  const list: DhcpSubOption[] = [];
  for (;;) {
    const code = r.u8();
    const length = r.u8();
    const value = r.bytes(length);
    if (r.overrun) return list;
    list.push({ code, value });
    const size = (length + SUB_OPTION_HEADER) & BYTE_MASK;
    flow.relaySumLength = (flow.relaySumLength + size) & BYTE_MASK;
    if (flow.relaySumLength === total) return list;
  }
}

/** Readers by option code; other codes are skipped by their length. */
export const OPTION_READERS: ReadonlyMap<number, OptionReader> = new Map<number, OptionReader>([
  [1, (r, _n, o) => void (o.subnetMask = address(r))],
  [2, (r, _n, o) => void (o.timeOffset = r.u32() | 0)],
  [3, (r, n, o) => void (o.routers = addressList(r, n))],
  [4, (r, n, o) => void (o.timeServers = addressList(r, n))],
  [5, (r, n, o) => void (o.nameServers = addressList(r, n))],
  [6, (r, n, o) => void (o.dnsServers = addressList(r, n))],
  [12, (r, n, o) => void (o.hostName = r.bytes(n))],
  [15, (r, n, o) => void (o.domainName = trimTrailingNuls(r.bytes(n)))],
  [19, (r, _n, o) => void (o.forwarding = r.u8() !== 0)],
  [28, (r, _n, o) => void (o.broadcast = address(r))],
  [42, (r, n, o) => void (o.ntpServers = addressList(r, n))],
  [43, (r, n, o) => void (o.vendor = r.bytes(n))],
  [44, (r, n, o) => void (o.nbns = addressList(r, n))],
  [50, (r, _n, o) => void (o.addrRequest = address(r))],
  [51, (r, _n, o) => void (o.lease = r.u32())],
  [54, (r, _n, o) => void (o.servAddr = address(r))],
  [55, (r, n, o) => void (o.paramList = [...r.bytes(n)])],
  [56, (r, n, o) => void (o.message = r.bytes(n))],
  [57, (r, _n, o) => void (o.maxMsgSize = r.u16())],
  [58, (r, _n, o) => void (o.renewalTime = r.u32())],
  [59, (r, _n, o) => void (o.rebindingTime = r.u32())],
  [60, (r, n, o) => void (o.vendorClass = r.bytes(n))],
  [61, (r, n, o) => {
    const hwtype = r.u8();
    const id = r.bytes(n - 1);
    o.clientId = { hwtype, hwaddr: hwtype === 0 ? id : formatMac(id) };
  }],
  [77, (r, n, o) => void (o.userClass = r.bytes(n))],
  [81, (r, n, o) => {
    const [flags, rcode1, rcode2] = [r.u8(), r.u8(), r.u8()];
    o.clientFqdn = { flags, rcode1, rcode2, domainName: r.bytes(n - FQDN_HEADER) };
  }],
  [82, (r, n, o, flow) => void (o.subOpt = relaySubOptions(r, n, flow))],
  [116, (r, _n, o) => void (o.autoConfig = r.u8() !== 0)],
  [252, (r, n, o) => void (o.autoProxyConfig = stripNewline(r.bytes(n)))],
]);

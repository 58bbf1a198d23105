/**
 * The "ports" of an ICMP connection, as Zeek forms them: the originator port is the message
 * type; the responder port is the counterpart type for request/reply pairs (so an echo request
 * and its reply share a connection), or the code for one-way messages, whose direction then
 * matters.
 */

const ICMP4_PAIRS: ReadonlyMap<number, number> = new Map([
  [8, 0], [0, 8], // echo
  [13, 14], [14, 13], // timestamp
  [15, 16], [16, 15], // information
  [10, 9], [9, 10], // router solicitation / advertisement
  [17, 18], [18, 17], // address mask
]);

const ICMP6_PAIRS: ReadonlyMap<number, number> = new Map([
  [128, 129], [129, 128], // echo
  [133, 134], [134, 133], // router solicitation / advertisement
  [135, 136], [136, 135], // neighbor solicitation / advertisement
  [130, 131], [131, 130], // multicast listener query / report
  [139, 140], [140, 139], // node information query / response
  [144, 145], [145, 144], // home agent address discovery
]);

export interface IcmpPorts {
  srcPort: number;
  dstPort: number;
  oneWay: boolean;
}

/** Reused result: the tracker reads it immediately, so no object is made per packet. */
const result: IcmpPorts = { srcPort: 0, dstPort: 0, oneWay: false };

/** Connection ports for an ICMP (proto 1) or ICMPv6 (proto 58) message of `type` and `code`. */
export function icmpConnPorts(ipProto: number, type: number, code: number): IcmpPorts {
  const counterpart = (ipProto === 58 ? ICMP6_PAIRS : ICMP4_PAIRS).get(type);
  result.srcPort = type;
  result.dstPort = counterpart ?? code;
  result.oneWay = counterpart === undefined;
  return result;
}

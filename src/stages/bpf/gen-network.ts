/**
 * Network-layer primitives: IPv4/IPv6 hosts and networks (also in ARP/RARP packets), the
 * protocol tests (`tcp`, `ip proto 47`, `ip6 protochain 6`) and IP broadcast/multicast.
 */
import type { Direction } from './ast.js';
import type { CodegenState } from './codegen-state.js';
import { FilterCompileError } from './errors.js';
import { isLinkProtocol } from './link-types.js';
import { EtherType, linkTypeTest } from './link-type-test.js';
import { alu, and, cmp, constant, FALSE, not, or, TRUE, type Test } from './program.js';

export const IpProto = {
  ICMP: 1,
  IGMP: 2,
  TCP: 6,
  IGRP: 9,
  UDP: 17,
  FRAGMENT: 44,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  PIM: 103,
  VRRP: 112,
  SCTP: 132,
} as const;

/** Where the addresses sit, from the network header, per protocol. */
const IPV4_SRC = 12;
const IPV4_DST = 16;
const ARP_SRC = 14;
const ARP_DST = 24;
const IPV6_SRC = 8;
const IPV6_DST = 24;
const IPV4_PROTO = 9;
const IPV6_NEXT = 6;
const IPV6_HEADER = 40;
const IPV4_FRAG_OFFSET = 6;
const IPV4_FRAG_MASK = 0x1fff;
const IPV4_MULTICAST_FIRST = 224;
const IPV6_MULTICAST_FIRST = 255;

/** Combines per-direction tests as libpcap does: each side keeps its own protocol test. */
export function byDirection(dir: Direction | undefined, gen: (src: boolean) => Test): Test {
  switch (dir) {
    case 'src':
      return gen(true);
    case 'dst':
      return gen(false);
    case 'src and dst':
      return and(gen(true), gen(false));
    default:
      return or(gen(true), gen(false));
  }
}

function maskedWord(s: CodegenState, at: number, value: number, mask: number): Test {
  if (mask === 0) return value === 0 ? TRUE : FALSE;
  const word = s.loadAt(s.network(), at, 4);
  if (mask >>> 0 === 0xffffffff) return cmp('eq', word, constant(value));
  return cmp('eq', alu('&', word, constant(mask)), constant(value));
}

/** libpcap's gen_host for IPv4 values: `proto` undefined means IP, ARP and RARP. */
export function ipv4Host(
  s: CodegenState,
  addr: number,
  mask: number,
  proto: string | undefined,
  dir: Direction | undefined,
  what: string,
): Test {
  const one = (etherType: number, srcOff: number, dstOff: number): Test =>
    byDirection(dir, (src) =>
      and(linkTypeTest(s, etherType), maskedWord(s, src ? srcOff : dstOff, addr, mask)),
    );
  if (isLinkProtocol(proto))
    throw new FilterCompileError(`link-layer modifier applied to ${what}`, 0);
  switch (proto) {
    case undefined: {
      const ip = one(EtherType.IP, IPV4_SRC, IPV4_DST);
      // Inside MPLS only IPv4 is looked for: labels carry no ARP.
      if (s.mplsDepth > 0) return ip;
      const arp = one(EtherType.ARP, ARP_SRC, ARP_DST);
      return or(or(ip, arp), one(EtherType.REVARP, ARP_SRC, ARP_DST));
    }
    case 'ip':
      return one(EtherType.IP, IPV4_SRC, IPV4_DST);
    case 'arp':
      return one(EtherType.ARP, ARP_SRC, ARP_DST);
    case 'rarp':
      return one(EtherType.REVARP, ARP_SRC, ARP_DST);
    case 'ip6':
      throw new FilterCompileError(`'ip6' modifier applied to ip ${what}`, 0);
    default:
      throw new FilterCompileError(`'${proto}' modifier applied to ${what}`, 0);
  }
}

/** IPv6 host or prefix: four masked words, compared first to last. */
export function ipv6Host(
  s: CodegenState,
  words: readonly number[],
  masks: readonly number[],
  proto: string | undefined,
  dir: Direction | undefined,
  what: string,
): Test {
  if (proto !== undefined && proto !== 'ip6') {
    const name = isLinkProtocol(proto) ? 'link-layer' : `'${proto}'`;
    throw new FilterCompileError(`${name} modifier applied to ip6 ${what}`, 0);
  }
  return byDirection(dir, (src) => {
    const base = src ? IPV6_SRC : IPV6_DST;
    let test = linkTypeTest(s, EtherType.IPV6);
    for (let i = 0; i < 4; i++) {
      if (masks[i] === 0) continue;
      test = and(test, maskedWord(s, base + 4 * i, words[i], masks[i]));
    }
    return test;
  });
}

/** The network header's protocol byte; IPv6 also looks behind one Fragment header. */
export function ipProtocol(s: CodegenState, version: 4 | 6, protocol: number): Test {
  if (version === 4) {
    return and(linkTypeTest(s, EtherType.IP), byteEquals(s, IPV4_PROTO, protocol));
  }
  const direct = byteEquals(s, IPV6_NEXT, protocol);
  const fragment = and(
    byteEquals(s, IPV6_NEXT, IpProto.FRAGMENT),
    byteEquals(s, IPV6_HEADER, protocol),
  );
  return and(linkTypeTest(s, EtherType.IPV6), or(direct, fragment));
}

/** `proto N` qualified by `proto` (`ip`, `ip6`, `ether`, none). */
export function protoPrimitive(s: CodegenState, protocol: number, proto: string | undefined): Test {
  if (isLinkProtocol(proto)) return linkTypeTest(s, protocol);
  switch (proto) {
    case undefined:
      return or(ipProtocol(s, 4, protocol), ipProtocol(s, 6, protocol));
    case 'ip':
      return ipProtocol(s, 4, protocol);
    case 'ip6':
      return ipProtocol(s, 6, protocol);
    default:
      throw new FilterCompileError(`${proto} does not encapsulate another protocol`, 0);
  }
}

export function byteEquals(s: CodegenState, at: number, value: number): Test {
  return cmp('eq', s.loadAt(s.network(), at, 1), constant(value));
}

/** True unless this is a non-first IPv4 fragment (port tests need the transport header). */
export function firstFragment(s: CodegenState): Test {
  return not(cmp('set', s.loadAt(s.network(), IPV4_FRAG_OFFSET, 2), constant(IPV4_FRAG_MASK)));
}

export function protochain(s: CodegenState, protocol: number, proto: string | undefined): Test {
  if (proto === undefined) {
    return or(protochain(s, protocol, 'ip'), protochain(s, protocol, 'ip6'));
  }
  if (proto !== 'ip' && proto !== 'ip6') {
    throw new FilterCompileError("bad protocol applied for 'protochain'", 0);
  }
  if (s.hasVariableNetwork()) {
    throw new FilterCompileError("'protochain' not supported with variable length headers", 0);
  }
  const ipv6 = proto === 'ip6';
  const link = linkTypeTest(s, ipv6 ? EtherType.IPV6 : EtherType.IP);
  const chain: Test = { kind: 'protochain', ipv6, nlOffset: s.network().k, protocol };
  // libpcap's optimizer cannot see through the loop, so a link type that never carries this
  // IP version yields a program that rejects everything rather than a compile error.
  return link.kind === 'false' ? { kind: 'and', left: link, right: chain } : and(link, chain);
}

/** `ip broadcast`: the destination's host part is all zeros or all ones under the netmask. */
export function ipBroadcast(s: CodegenState): Test {
  const hostmask = ~s.netmask >>> 0;
  const zeros = maskedWord(s, IPV4_DST, 0, hostmask);
  const ones = maskedWord(s, IPV4_DST, hostmask, hostmask);
  return and(linkTypeTest(s, EtherType.IP), or(zeros, ones));
}

export function ipMulticast(s: CodegenState, version: 4 | 6): Test {
  if (version === 4) {
    const first = s.loadAt(s.network(), IPV4_DST, 1);
    return and(linkTypeTest(s, EtherType.IP), cmp('ge', first, constant(IPV4_MULTICAST_FIRST)));
  }
  return and(linkTypeTest(s, EtherType.IPV6), byteEquals(s, IPV6_DST, IPV6_MULTICAST_FIRST));
}

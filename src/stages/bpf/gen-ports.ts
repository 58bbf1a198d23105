/**
 * Port and port-range primitives. IPv4 tests read the ports only in first fragments, after
 * the variable-length IPv4 header; IPv6 tests read them right after the fixed header when its
 * next-header field names the transport (no extension-header walk), as libpcap does.
 */
import type { Direction } from './ast.js';
import type { CodegenState } from './codegen-state.js';
import { EtherType, linkTypeTest } from './link-type-test.js';
import { byDirection, byteEquals, firstFragment, IpProto } from './gen-network.js';
import { alu, and, cmp, constant, not, or, type Test, type Value } from './program.js';

const IPV4_PROTO = 9;
const IPV6_NEXT = 6;
const IPV6_HEADER = 40;
const SRC_PORT = 0;
const DST_PORT = 2;
const IHL_MASK = 0x0f;
const IHL_SHIFT = 2;

/** Transport protocols a port test covers: one, or TCP, UDP and SCTP when unqualified. */
export type PortProtocols = number | undefined;

/** Length of the IPv4 header in bytes, read per packet from its IHL field. */
export function ipv4HeaderLength(s: CodegenState): Value {
  const ihl = alu('&', s.loadAt(s.network(), 0, 1), constant(IHL_MASK));
  return alu('<<', ihl, constant(IHL_SHIFT));
}

/** A load from the IPv4 transport header: network offset + header length + `at`. */
export function transportLoad(s: CodegenState, at: number, size: 1 | 2 | 4, index?: Value): Value {
  const hdr = ipv4HeaderLength(s);
  const idx = index === undefined ? hdr : alu('+', hdr, index);
  return s.loadAt(s.network(), at, size, idx);
}

type PortMatch = (port: Value) => Test;

function eachProtocol(protocols: PortProtocols, gen: (p: number) => Test): Test {
  if (protocols !== undefined) return gen(protocols);
  return or(or(gen(IpProto.TCP), gen(IpProto.UDP)), gen(IpProto.SCTP));
}

function ipv4Ports(
  s: CodegenState,
  protocols: PortProtocols,
  dir: Direction | undefined,
  match: PortMatch,
): Test {
  const body = eachProtocol(protocols, (p) => {
    const proto = and(byteEquals(s, IPV4_PROTO, p), firstFragment(s));
    return and(
      proto,
      byDirection(dir, (src) => match(transportLoad(s, src ? SRC_PORT : DST_PORT, 2))),
    );
  });
  return and(linkTypeTest(s, EtherType.IP), body);
}

function ipv6Ports(
  s: CodegenState,
  protocols: PortProtocols,
  dir: Direction | undefined,
  match: PortMatch,
): Test {
  const body = eachProtocol(protocols, (p) => {
    const at = (src: boolean): Value =>
      s.loadAt(s.network(), IPV6_HEADER + (src ? SRC_PORT : DST_PORT), 2);
    return and(
      byteEquals(s, IPV6_NEXT, p),
      byDirection(dir, (src) => match(at(src))),
    );
  });
  return and(linkTypeTest(s, EtherType.IPV6), body);
}

/** `port N`: IPv6 first, then IPv4, the order libpcap evaluates them. */
export function portTest(
  s: CodegenState,
  port: number,
  protocols: PortProtocols,
  dir: Direction | undefined,
): Test {
  const match: PortMatch = (v) => cmp('eq', v, constant(port));
  const v6 = ipv6Ports(s, protocols, dir, match);
  return or(v6, ipv4Ports(s, protocols, dir, match));
}

export function portRangeTest(
  s: CodegenState,
  low: number,
  high: number,
  protocols: PortProtocols,
  dir: Direction | undefined,
): Test {
  const [lo, hi] = low <= high ? [low, high] : [high, low];
  const match: PortMatch = (v) => and(cmp('ge', v, constant(lo)), not(cmp('gt', v, constant(hi))));
  const v6 = ipv6Ports(s, protocols, dir, match);
  return or(v6, ipv4Ports(s, protocols, dir, match));
}

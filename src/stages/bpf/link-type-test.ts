/**
 * The test "the link layer carries protocol P" (P an EtherType), for the link type in force:
 * libpcap's gen_linktype. Links without a type field answer from what they can carry (raw
 * IPv4 carries only IPv4), so some tests are constant.
 */
import { CodegenState, type Offset } from './codegen-state.js';
import { FilterCompileError } from './errors.js';
import { LinkType } from './link-types.js';
import { alu, and, cmp, constant, FALSE, not, or, TRUE, type Test } from './program.js';
import { isDataFrame } from './wlan-offsets.js';

export const EtherType = {
  IP: 0x0800,
  ARP: 0x0806,
  REVARP: 0x8035,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_OLD: 0x9100,
  IPV6: 0x86dd,
  MPLS: 0x8847,
  PPPOED: 0x8863,
  PPPOES: 0x8864,
  TEB: 0x6558,
} as const;

/** Largest 802.3 length field; type fields above it are EtherTypes. */
const ETHERMTU = 1500;

/** BSD loopback address families: AF_INET, and AF_INET6 as BSD, FreeBSD and Darwin number it. */
const AF_INET = 2;
const AF_INET6_VALUES = [24, 28, 30];

/** PPP protocol numbers for the EtherTypes that have one. */
const PPP_PROTOCOLS: ReadonlyMap<number, number> = new Map([
  [EtherType.IP, 0x0021],
  [EtherType.IPV6, 0x0057],
  [0x6003, 0x0027],
  [0x809b, 0x0029],
  [0x8137, 0x002b],
  [EtherType.MPLS, 0x0281],
]);

/** Juniper's capture cookie "MGC" in the first three bytes. */
const JUNIPER_MAGIC = 0x4d474300;
const JUNIPER_MAGIC_MASK = 0xffffff00;

const IP_VERSION_MASK = 0xf0;
const IPV4_NIBBLE = 0x40;
const IPV6_NIBBLE = 0x60;

function typeEquals(s: CodegenState, off: Offset, size: 1 | 2 | 4, value: number): Test {
  return cmp('eq', s.loadAt(off, 0, size), constant(value));
}

function typeField(s: CodegenState): Offset {
  if (s.typeOffset === undefined) throw s.notImplemented();
  return s.typeOffset;
}

/** libpcap's gen_linktype. */
export function linkTypeTest(s: CodegenState, proto: number): Test {
  if (s.mplsDepth > 0) return mplsPayloadTest(s, proto);
  switch (s.linkType) {
    case LinkType.ETHERNET:
    case LinkType.LINUX_SLL:
    case LinkType.LINUX_SLL2:
      return ethernetTypeTest(s, proto);
    case LinkType.C_HDLC:
      return typeEquals(s, typeField(s), 2, proto);
    case LinkType.PPP:
    case LinkType.PPP_SERIAL:
      return typeEquals(s, typeField(s), 2, PPP_PROTOCOLS.get(proto) ?? proto);
    case LinkType.NULL:
      return loopbackTest(s, proto);
    case LinkType.RAW:
    case LinkType.RAW_OPENBSD:
    case LinkType.RAW_BSDOS:
    case LinkType.SLIP:
      return versionNibbleTest(s, { k: 0 }, proto);
    case LinkType.IPV4:
      return proto === EtherType.IP ? TRUE : FALSE;
    case LinkType.IPV6:
      return proto === EtherType.IPV6 ? TRUE : FALSE;
    case LinkType.JUNIPER_ETHER:
      return cmp(
        'eq',
        alu('&', s.loadAt({ k: 0 }, 0, 4), constant(JUNIPER_MAGIC_MASK)),
        constant(JUNIPER_MAGIC),
      );
    case LinkType.IEEE802_11:
    case LinkType.IEEE802_11_RADIOTAP:
      return wlanTypeTest(s, proto);
    default:
      throw s.notImplemented();
  }
}

/** EtherType above 1500, or an 802.3 frame whose LLC DSAP is `proto`. */
function ethernetTypeTest(s: CodegenState, proto: number): Test {
  const off = typeField(s);
  if (proto > ETHERMTU) return typeEquals(s, off, 2, proto);
  const isLength = not(cmp('gt', s.loadAt(off, 0, 2), constant(ETHERMTU)));
  return and(isLength, cmp('eq', s.loadAt(off, 2, 1), constant(proto)));
}

/**
 * The address family word is in the byte order of the capturing host; libpcap swaps it to
 * the reader's order when the file's order differs, so both orders are accepted here.
 */
function loopbackTest(s: CodegenState, proto: number): Test {
  const families =
    proto === EtherType.IP ? [AF_INET] : proto === EtherType.IPV6 ? AF_INET6_VALUES : [];
  let test: Test = FALSE;
  for (const af of families) {
    const word = s.loadAt({ k: 0 }, 0, 4);
    const swapped = ((af & 0xff) << 24) >>> 0;
    test = or(test, or(cmp('eq', word, constant(swapped)), cmp('eq', word, constant(af))));
  }
  return test;
}

/** Links that carry only IP: the version nibble of the first byte tells IPv4 from IPv6. */
function versionNibbleTest(s: CodegenState, at: Offset, proto: number): Test {
  const nibble = proto === EtherType.IP ? IPV4_NIBBLE : proto === EtherType.IPV6 ? IPV6_NIBBLE : -1;
  if (nibble < 0) return FALSE;
  return cmp('eq', alu('&', s.loadAt(at, 0, 1), constant(IP_VERSION_MASK)), constant(nibble));
}

/** 802.11: a data frame whose LLC/SNAP header names `proto`. */
function wlanTypeTest(s: CodegenState, proto: number): Test {
  const fc = s.loadAt(s.linkHeader(), 0, 1);
  const data = isDataFrame(fc);
  s.linkPayload();
  const off = typeField(s);
  if (proto <= ETHERMTU)
    return and(data, cmp('eq', s.loadAt(s.linkPayload(), 0, 1), constant(proto)));
  return and(data, typeEquals(s, off, 2, proto));
}

/** Inside MPLS: the last label has the bottom-of-stack bit and the payload's version fits. */
function mplsPayloadTest(s: CodegenState, proto: number): Test {
  if (proto !== EtherType.IP && proto !== EtherType.IPV6) {
    throw new FilterCompileError('unsupported protocol over mpls', 0);
  }
  const bottom = cmp('eq', alu('&', s.loadAt(s.network(), -2, 1), constant(1)), constant(1));
  return and(bottom, versionNibbleTest(s, s.network(), proto));
}

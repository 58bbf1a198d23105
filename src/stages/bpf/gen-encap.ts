/**
 * Encapsulation primitives that move the offsets of every later test: `vlan`, `mpls`,
 * `pppoes`, `geneve` (and `pppoed`, which does not). Also the link-direction and 802.11
 * frame-control primitives, which depend on the link type in the same way.
 */
import { CodegenState, shift } from './codegen-state.js';
import { FilterCompileError } from './errors.js';
import { byteEquals, firstFragment, IpProto } from './gen-network.js';
import { ipv4HeaderLength, transportLoad } from './gen-ports.js';
import { EtherType, linkTypeTest } from './link-type-test.js';
import { isIeee80211, LinkType, linkTypeDescription } from './link-types.js';
import {
  alu,
  and,
  cmp,
  constant,
  maskedEq,
  not,
  or,
  type Register,
  type Test,
  type Value,
} from './program.js';

const VLAN_TAG_LENGTH = 4;
const VLAN_MAX = 4095;
const VLAN_ID_MASK = 0x0fff;
const MPLS_LABEL_LENGTH = 4;
const MPLS_LABEL_MAX = 0xfffff;
const MPLS_LABEL_SHIFT = 12;
const MPLS_LABEL_MASK = 0xfffff000;
const PPPOE_SESSION_MAX = 0xffff;
/** PPPoE header (6 bytes), then the 2-byte PPP protocol field. */
const PPPOE_HEADER_LENGTH = 6;
const PPP_PROTOCOL_LENGTH = 2;
const GENEVE_PORT = 6081;
const GENEVE_VNI_MAX = 0xffffff;
const UDP_HEADER_LENGTH = 8;
const GENEVE_HEADER_LENGTH = 8;
const GENEVE_VERSION_MASK = 0xc0;
const GENEVE_OPTLEN_MASK = 0x3f;
const GENEVE_PROTOCOL_OFFSET = 2;
const GENEVE_VNI_OFFSET = 4;
const ETHER_TYPE_OFFSET = 12;
const ETHER_HEADER_LENGTH = 14;
const IPV6_HEADER_LENGTH = 40;
const IPV6_NEXT = 6;
const LINUX_SLL_OUTGOING = 4;
const SLL2_PKTTYPE_OFFSET = 10;
const SLIPDIR_IN = 0;
const SLIPDIR_OUT = 1;
const JUNIPER_DIRECTION_OFFSET = 3;
const PFLOG_DIR_OFFSET = 60;
const PF_IN = 1;
const PF_OUT = 2;
const WLAN_DIR_MASK = 0x03;

export function vlan(s: CodegenState, id: number | undefined): Test {
  if (s.linkType !== LinkType.ETHERNET && !isIeee80211(s.linkType)) {
    throw new FilterCompileError(`no VLAN support for ${linkTypeDescription(s.linkType)}`, 0);
  }
  if (s.mplsDepth > 0) throw new FilterCompileError('no VLAN match after MPLS', 0);
  if (id !== undefined && id > VLAN_MAX) {
    throw new FilterCompileError(`VLAN tag ${id} greater than maximum ${VLAN_MAX}`, 0);
  }
  const tpids = [EtherType.VLAN, EtherType.QINQ, EtherType.QINQ_OLD];
  let test = tpids.map((t) => linkTypeTest(s, t)).reduce((a, b) => or(a, b));
  if (id !== undefined) {
    const vid = alu('&', s.loadAt(s.linkPayload(), 0, 2), constant(VLAN_ID_MASK));
    test = and(test, cmp('eq', vid, constant(id)));
  }
  s.typeOffset = shift(s.typeOffset ?? { k: 0 }, VLAN_TAG_LENGTH);
  s.payloadOffset = shift(s.linkPayload(), VLAN_TAG_LENGTH);
  s.vlanDepth++;
  return test;
}

export function mpls(s: CodegenState, label: number | undefined): Test {
  let test = s.mplsDepth > 0 ? previousLabelNotBottom(s) : firstLabelTest(s);
  if (label !== undefined) {
    if (label > MPLS_LABEL_MAX) {
      throw new FilterCompileError(`MPLS label ${label} greater than maximum ${MPLS_LABEL_MAX}`, 0);
    }
    const word = s.loadAt(s.network(), 0, 4);
    const wanted = (label << MPLS_LABEL_SHIFT) >>> 0;
    test = and(test, cmp('eq', alu('&', word, constant(MPLS_LABEL_MASK)), constant(wanted)));
  }
  s.networkSkip += MPLS_LABEL_LENGTH;
  s.mplsDepth++;
  return test;
}

function firstLabelTest(s: CodegenState): Test {
  const t = s.linkType;
  if (t === LinkType.ETHERNET || t === LinkType.C_HDLC || t === LinkType.PPP) {
    return linkTypeTest(s, EtherType.MPLS);
  }
  throw new FilterCompileError(`no MPLS support for ${linkTypeDescription(t)}`, 0);
}

/** A further label: the one before it must not carry the bottom-of-stack bit. */
function previousLabelNotBottom(s: CodegenState): Test {
  const sByte = s.loadAt(s.network(), -MPLS_LABEL_LENGTH + 2, 1);
  return not(cmp('set', sByte, constant(1)));
}

export function pppoes(s: CodegenState, session: number | undefined): Test {
  let test = linkTypeTest(s, EtherType.PPPOES);
  if (session !== undefined) {
    if (session > PPPOE_SESSION_MAX) {
      throw new FilterCompileError(
        `PPPoE session number ${session} greater than maximum ${PPPOE_SESSION_MAX}`,
        0,
      );
    }
    const word = s.loadAt(s.linkPayload(), 0, 4);
    test = and(test, cmp('eq', alu('&', word, constant(PPPOE_SESSION_MAX)), constant(session)));
  }
  const base = s.network();
  s.linkType = LinkType.PPP;
  s.typeOffset = shift(base, PPPOE_HEADER_LENGTH);
  s.payloadOffset = shift(base, PPPOE_HEADER_LENGTH + PPP_PROTOCOL_LENGTH);
  s.networkSkip = 0;
  return test;
}

export function pppoed(s: CodegenState): Test {
  return linkTypeTest(s, EtherType.PPPOED);
}

/** Geneve over UDP port 6081 (IPv4 or IPv6); later tests look at the encapsulated frame. */
export function geneve(s: CodegenState, vni: number | undefined): Test {
  if (vni !== undefined && vni > GENEVE_VNI_MAX) {
    throw new FilterCompileError(`Geneve VNI ${vni} greater than maximum ${GENEVE_VNI_MAX}`, 0);
  }
  const udpStart = s.allocateRegister();
  const match = or(geneve4(s, vni, udpStart), geneve6(s, vni, udpStart));
  return and(match, { kind: 'seq', steps: geneveOffsets(s, udpStart), then: { kind: 'true' } });
}

function geneveCheck(version: Value, vni: Value, wanted: number | undefined): Test {
  const v0 = cmp('eq', alu('&', version, constant(GENEVE_VERSION_MASK)), constant(0));
  if (wanted === undefined) return v0;
  return and(v0, maskedEq4(vni, (wanted << 8) >>> 0, 0xffffff00));
}

function maskedEq4(v: Value, value: number, mask: number): Test {
  return cmp('eq', alu('&', v, constant(mask)), constant(value));
}

function geneve4(s: CodegenState, vni: number | undefined, udpStart: Register): Test {
  const port = and(
    and(linkTypeTest(s, EtherType.IP), and(byteEquals(s, 9, IpProto.UDP), firstFragment(s))),
    cmp('eq', transportLoad(s, 2, 2), constant(GENEVE_PORT)),
  );
  const check = geneveCheck(
    transportLoad(s, UDP_HEADER_LENGTH, 1),
    transportLoad(s, UDP_HEADER_LENGTH + GENEVE_VNI_OFFSET, 4),
    vni,
  );
  return and(and(port, check), { kind: 'set', reg: udpStart, value: ipv4HeaderLength(s) });
}

function geneve6(s: CodegenState, vni: number | undefined, udpStart: Register): Test {
  const net = s.network();
  const port = and(
    and(linkTypeTest(s, EtherType.IPV6), byteEquals(s, IPV6_NEXT, IpProto.UDP)),
    cmp('eq', s.loadAt(net, IPV6_HEADER_LENGTH + 2, 2), constant(GENEVE_PORT)),
  );
  const at = IPV6_HEADER_LENGTH + UDP_HEADER_LENGTH;
  const check = geneveCheck(s.loadAt(net, at, 1), s.loadAt(net, at + GENEVE_VNI_OFFSET, 4), vni);
  return and(and(port, check), { kind: 'set', reg: udpStart, value: constant(IPV6_HEADER_LENGTH) });
}

/** Registers for the inner frame; the offsets of later tests point into it. */
function geneveOffsets(s: CodegenState, udpStart: Register): Test[] {
  const net = s.network();
  const reg = (r: Register): Value => ({ kind: 'reg', reg: r });
  const plus = (v: Value, k: number): Value => alu('+', v, constant(k));
  const netBase = net.reg === undefined ? reg(udpStart) : alu('+', reg(udpStart), reg(net.reg));
  const [hdr, inner, type, payload] = [0, 1, 2, 3].map(() => s.allocateRegister());
  const optLen = alu(
    '*',
    alu('&', s.loadAt({ k: 0 }, 0, 1, reg(hdr)), constant(GENEVE_OPTLEN_MASK)),
    constant(4),
  );
  const teb = cmp(
    'eq',
    s.loadAt({ k: 0 }, GENEVE_PROTOCOL_OFFSET, 2, reg(hdr)),
    constant(EtherType.TEB),
  );
  const steps: Test[] = [
    { kind: 'set', reg: hdr, value: plus(netBase, net.k + UDP_HEADER_LENGTH) },
    { kind: 'set', reg: inner, value: alu('+', plus(optLen, GENEVE_HEADER_LENGTH), reg(hdr)) },
    {
      kind: 'set',
      reg: type,
      value: {
        kind: 'select',
        test: teb,
        then: plus(reg(inner), ETHER_TYPE_OFFSET),
        otherwise: plus(reg(hdr), GENEVE_PROTOCOL_OFFSET),
      },
    },
    {
      kind: 'set',
      reg: payload,
      value: {
        kind: 'select',
        test: teb,
        then: plus(reg(inner), ETHER_HEADER_LENGTH),
        otherwise: reg(inner),
      },
    },
  ];
  s.enterTunnel(inner, type, payload);
  return steps;
}

/** `inbound`/`outbound`, where the link header records the direction. */
export function direction(s: CodegenState, inbound: boolean): Test {
  const hdr = { k: 0 };
  const byte = (at: number): Value => s.loadAt(hdr, at, 1);
  switch (s.linkType) {
    case LinkType.LINUX_SLL: {
      const outgoing = cmp('eq', s.loadAt(hdr, 0, 2), constant(LINUX_SLL_OUTGOING));
      return inbound ? not(outgoing) : outgoing;
    }
    case LinkType.LINUX_SLL2: {
      const outgoing = cmp('eq', byte(SLL2_PKTTYPE_OFFSET), constant(LINUX_SLL_OUTGOING));
      return inbound ? not(outgoing) : outgoing;
    }
    case LinkType.SLIP:
      return cmp('eq', byte(0), constant(inbound ? SLIPDIR_IN : SLIPDIR_OUT));
    case LinkType.JUNIPER_ETHER:
      return maskedEq(1, JUNIPER_DIRECTION_OFFSET, inbound ? 1 : 0, 1);
    case LinkType.PFLOG:
      return cmp('eq', byte(PFLOG_DIR_OFFSET), constant(inbound ? PF_IN : PF_OUT));
    default:
      throw new FilterCompileError(
        `inbound/outbound not supported on ${linkTypeDescription(s.linkType)} ` +
          'when reading savefiles',
        0,
      );
  }
}

function requireWlan(s: CodegenState): void {
  if (!isIeee80211(s.outerLinkType)) {
    throw new FilterCompileError('802.11 link-layer types supported only on 802.11', 0);
  }
}

/** `type X [subtype Y]`, `subtype Y`: bits of frame-control byte 0. */
export function wlanFrameControl(s: CodegenState, value: number, mask: number): Test {
  requireWlan(s);
  return cmp('eq', alu('&', s.loadAt(s.linkHeader(), 0, 1), constant(mask)), constant(value));
}

/** `dir X`: the To DS / From DS bits of frame-control byte 1. */
export function wlanDirection(s: CodegenState, value: number): Test {
  requireWlan(s);
  return cmp(
    'eq',
    alu('&', s.loadAt(s.linkHeader(), 1, 1), constant(WLAN_DIR_MASK)),
    constant(value),
  );
}

/**
 * Relations over packet data (`tcp[13] & 2 != 0`, `len <= 60`). An indexed load carries a
 * guard, the protocol test that must hold for the load to make sense; the relation is
 * "guard and comparison", so `!=` negates only the comparison and `not tcp[100] = 0` accepts
 * every packet that is not TCP.
 */
import type { Arith, RelOp } from './ast.js';
import type { CodegenState } from './codegen-state.js';
import { FilterCompileError } from './errors.js';
import { firstFragment, IpProto, ipProtocol } from './gen-network.js';
import { transportLoad } from './gen-ports.js';
import { EtherType, linkTypeTest } from './link-type-test.js';
import { isLinkProtocol } from './link-types.js';
import {
  alu,
  and,
  cmp,
  constant,
  FALSE,
  not,
  or,
  TRUE,
  type Test,
  type Value,
  type ValueOp,
} from './program.js';

interface Guarded {
  readonly value: Value;
  readonly guard?: Test;
}

const NETWORK_TYPES: ReadonlyMap<string, number> = new Map([
  ['ip', EtherType.IP],
  ['ip6', EtherType.IPV6],
  ['arp', EtherType.ARP],
  ['rarp', EtherType.REVARP],
]);
/** Transport protocols and whether their bare name also covers IPv6. */
const TRANSPORTS: ReadonlyMap<string, { readonly proto: number; readonly ipv6: boolean }> = new Map(
  [
    ['tcp', { proto: IpProto.TCP, ipv6: true }],
    ['udp', { proto: IpProto.UDP, ipv6: true }],
    ['sctp', { proto: IpProto.SCTP, ipv6: true }],
    ['icmp', { proto: IpProto.ICMP, ipv6: false }],
    ['igmp', { proto: IpProto.IGMP, ipv6: false }],
    ['igrp', { proto: IpProto.IGRP, ipv6: false }],
    ['pim', { proto: IpProto.PIM, ipv6: true }],
    ['vrrp', { proto: IpProto.VRRP, ipv6: false }],
    ['carp', { proto: IpProto.VRRP, ipv6: false }],
  ],
);
const IPV6_HEADER = 40;
const IPV6_NEXT = 6;
const MAX_SHIFT = 31;

function both(a: Test | undefined, b: Test | undefined): Test | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : and(a, b);
}

/** The test a protocol name alone stands for (`tcp`, `ip6`, `icmp`). */
export function protocolAbbrev(s: CodegenState, name: string): Test {
  const network = NETWORK_TYPES.get(name);
  if (network !== undefined) return linkTypeTest(s, network);
  const transport = TRANSPORTS.get(name);
  if (transport !== undefined) {
    const v4 = ipProtocol(s, 4, transport.proto);
    return transport.ipv6 ? or(v4, ipProtocol(s, 6, transport.proto)) : v4;
  }
  if (name === 'icmp6') return ipProtocol(s, 6, IpProto.ICMPV6);
  if (name === 'ah' || name === 'esp') {
    const p = name === 'ah' ? IpProto.AH : IpProto.ESP;
    return or(ipProtocol(s, 4, p), ipProtocol(s, 6, p));
  }
  throw new FilterCompileError(`'${name}' is not supported`, 0);
}

export function arith(s: CodegenState, a: Arith): Guarded {
  switch (a.kind) {
    case 'number':
      return { value: constant(a.value) };
    case 'len':
      return { value: { kind: 'wirelen' } };
    case 'negate': {
      const inner = arith(s, a.operand);
      return { value: fold('-', constant(0), inner.value), guard: inner.guard };
    }
    case 'binary':
      return binary(s, a.op, a.left, a.right);
    case 'index':
      return indexed(s, a.proto, arith(s, a.index), a.size);
  }
}

function binary(s: CodegenState, op: ValueOp, left: Arith, right: Arith): Guarded {
  const l = arith(s, left);
  const r = arith(s, right);
  if (r.value.kind === 'const') {
    if ((op === '/' || op === '%') && r.value.value === 0) {
      throw new FilterCompileError('division by zero', 0);
    }
    if ((op === '<<' || op === '>>') && r.value.value > MAX_SHIFT) {
      throw new FilterCompileError('shift by more than 31 bits', 0);
    }
  }
  return { value: fold(op, l.value, r.value), guard: both(l.guard, r.guard) };
}

/** Folds constant arithmetic at compile time, as the optimizer does. */
function fold(op: ValueOp, l: Value, r: Value): Value {
  if (l.kind !== 'const' || r.kind !== 'const') return alu(op, l, r);
  const [a, b] = [l.value, r.value];
  const results: Record<ValueOp, () => number> = {
    '+': () => a + b,
    '-': () => a - b,
    '*': () => Math.imul(a, b),
    '/': () => Math.floor(a / b),
    '%': () => a % b,
    '&': () => a & b,
    '|': () => a | b,
    '^': () => a ^ b,
    '<<': () => (b < 32 ? a << b : 0),
    '>>': () => (b < 32 ? a >>> b : 0),
  };
  return constant(results[op]());
}

function indexed(s: CodegenState, proto: string, index: Guarded, size: 1 | 2 | 4): Guarded {
  const at = (base = s.linkHeader()): Value =>
    index.value.kind === 'const'
      ? s.loadAt(base, index.value.value, size)
      : s.loadAt(base, 0, size, index.value);
  if (isLinkProtocol(proto)) return { value: at(), guard: index.guard };
  if (proto === 'radio') return { value: at({ k: 0 }), guard: index.guard };
  const network = NETWORK_TYPES.get(proto);
  if (network !== undefined) {
    return { value: at(s.network()), guard: both(index.guard, linkTypeTest(s, network)) };
  }
  if (proto === 'icmp6') return icmp6Indexed(s, index, size);
  if (!TRANSPORTS.has(proto))
    throw new FilterCompileError(`'${proto}' is not supported in an index`, 0);
  const value =
    index.value.kind === 'const'
      ? transportLoad(s, index.value.value, size)
      : transportLoad(s, 0, size, index.value);
  const inner = both(index.guard, and(protocolAbbrev(s, proto), firstFragment(s)));
  return { value, guard: both(linkTypeTest(s, EtherType.IP), inner) };
}

/** icmp6[] reads right after the fixed IPv6 header, and only when it says ICMPv6 directly. */
function icmp6Indexed(s: CodegenState, index: Guarded, size: 1 | 2 | 4): Guarded {
  const net = s.network();
  const value =
    index.value.kind === 'const'
      ? s.loadAt(net, IPV6_HEADER + index.value.value, size)
      : s.loadAt(net, IPV6_HEADER, size, index.value);
  const direct = cmp('eq', s.loadAt(net, IPV6_NEXT, 1), constant(IpProto.ICMPV6));
  return { value, guard: both(index.guard, and(linkTypeTest(s, EtherType.IPV6), direct)) };
}

export function relation(s: CodegenState, op: RelOp, left: Arith, right: Arith): Test {
  const l = arith(s, left);
  const r = arith(s, right);
  const test = compare(op, l.value, r.value);
  const guard = both(l.guard, r.guard);
  return guard === undefined ? test : and(guard, test);
}

function compare(op: RelOp, l: Value, r: Value): Test {
  const raw =
    op === '=' || op === '!='
      ? cmp('eq', l, r)
      : op === '>' || op === '<='
        ? cmp('gt', l, r)
        : cmp('ge', l, r);
  const folded =
    l.kind === 'const' && r.kind === 'const' ? constantCompare(raw, l.value, r.value) : raw;
  return op === '!=' || op === '<' || op === '<=' ? not(folded) : folded;
}

function constantCompare(t: Test, a: number, b: number): Test {
  if (t.kind !== 'cmp') return t;
  const result = t.op === 'eq' ? a === b : t.op === 'gt' ? a > b : a >= b;
  return result ? TRUE : FALSE;
}

/**
 * Walks the parsed expression left to right and builds the filter program. The walk order is
 * the source order, because `vlan`, `mpls`, `pppoes` and `geneve` change the offsets of
 * everything generated after them.
 */
import type { Expr } from './ast.js';
import { CodegenState } from './codegen-state.js';
import { FilterCompileError } from './errors.js';
import { isLinkProtocol } from './link-types.js';
import { protocolAbbrev, relation } from './gen-arith.js';
import {
  direction,
  geneve,
  mpls,
  pppoed,
  pppoes,
  vlan,
  wlanDirection,
  wlanFrameControl,
} from './gen-encap.js';
import { MAC_LINKS, macBroadcast, macMulticast } from './gen-mac.js';
import { ipBroadcast, ipMulticast } from './gen-network.js';
import { primitive } from './gen-primitive.js';
import { and, cmp, constant, not, or, type Program, type Test } from './program.js';

export interface CodegenOptions {
  /**
   * IPv4 netmask for `ip broadcast`. Reading a capture file, tcpdump uses 0, so only
   * 0.0.0.0 and 255.255.255.255 count as broadcast.
   */
  readonly netmask?: number;
}

export function generate(expr: Expr, linkType: number, options: CodegenOptions = {}): Program {
  const state = new CodegenState(linkType, options.netmask ?? 0);
  const test = node(state, expr);
  return { prologue: state.prologue, test, registerCount: state.registerCount };
}

/** Generates one node; compile errors get the node's position when they have none. */
function node(s: CodegenState, e: Expr): Test {
  if (e.kind === 'and' || e.kind === 'or' || e.kind === 'not') return boolean(s, e);
  try {
    return leaf(s, e);
  } catch (err) {
    if (err instanceof FilterCompileError && err.position === 0 && e.pos !== 0) {
      throw new FilterCompileError(err.message, e.pos);
    }
    throw err;
  }
}

function boolean(s: CodegenState, e: Expr & { kind: 'and' | 'or' | 'not' }): Test {
  if (e.kind === 'not') return not(node(s, e.operand));
  const left = node(s, e.left);
  const right = node(s, e.right);
  return e.kind === 'and' ? and(left, right) : or(left, right);
}

function leaf(s: CodegenState, e: Expr): Test {
  switch (e.kind) {
    case 'primitive':
      return primitive(s, e.q, e.id);
    case 'protocol':
      return protocolAbbrev(s, e.name);
    case 'relation':
      return relation(s, e.op, e.left, e.right);
    case 'broadcast':
      return broadcast(s, e.proto);
    case 'multicast':
      return multicast(s, e.proto);
    case 'less':
      return not(cmp('gt', { kind: 'wirelen' }, constant(e.value)));
    case 'greater':
      return cmp('ge', { kind: 'wirelen' }, constant(e.value));
    case 'inbound':
    case 'outbound':
      return direction(s, e.kind === 'inbound');
    case 'encap':
      return encapsulation(s, e.name, e.value);
    case 'wlan-fc':
      return wlanFrameControl(s, e.value, e.mask);
    case 'wlan-dir':
      return wlanDirection(s, e.value);
    default:
      throw new FilterCompileError('unexpected expression node', 0);
  }
}

function encapsulation(s: CodegenState, name: string, value: number | undefined): Test {
  switch (name) {
    case 'vlan':
      return vlan(s, value);
    case 'mpls':
      return mpls(s, value);
    case 'pppoes':
      return pppoes(s, value);
    case 'pppoed':
      return pppoed(s);
    default:
      return geneve(s, value);
  }
}

function broadcast(s: CodegenState, proto: string | undefined): Test {
  if (proto === undefined || isLinkProtocol(proto)) return macBroadcast(s);
  if (proto === 'ip') return ipBroadcast(s);
  throw new FilterCompileError('only link-layer/IP broadcast filters supported', 0);
}

function multicast(s: CodegenState, proto: string | undefined): Test {
  if (proto === undefined || isLinkProtocol(proto)) return macMulticast(s);
  if (proto === 'ip') return ipMulticast(s, 4);
  if (proto === 'ip6') return ipMulticast(s, 6);
  throw new FilterCompileError(`only IP multicast filters supported on ${MAC_LINKS}`, 0);
}

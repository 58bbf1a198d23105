/**
 * Turns a filter program into a JavaScript function with `new Function`, once per expression
 * and link type. The function allocates nothing: loads read the packet's bytes in place, a
 * failed load clears a local `ok` flag (the packet is then rejected, as classic BPF aborts),
 * and `and`/`or`/`not` become JavaScript's short-circuit operators.
 */
import { ACCEPT, REJECT, type FlowGraph, type Target } from './flow-graph.js';
import { topologicalOrder } from './optimizer.js';
import type { Test, Value } from './program.js';

/** Signature of the generated matcher. */
export type MatchFunction = (
  buf: Uint8Array,
  offset: number,
  caplen: number,
  wirelen: number,
) => boolean;

/**
 * Upper bound on protochain steps. Each step normally advances past a header, so a real chain
 * ends far sooner; the bound only stops a crafted AH header that points at itself, on which
 * classic BPF would loop forever. Hitting it rejects the packet.
 */
export const PROTOCHAIN_MAX_STEPS = 64;

const IPPROTO_HOPOPTS = 0;
const IPPROTO_ROUTING = 43;
const IPPROTO_FRAGMENT = 44;
const IPPROTO_AH = 51;
const IPPROTO_NONE = 59;
const IPPROTO_DSTOPTS = 60;
const IPV6_HEADER_LEN = 40;

/**
 * Follows the header chain as libpcap's protochain code does, including its AH step, which
 * sets the offset to the AH length rather than adding it. Returns 1 on match, 0 on no match,
 * -1 when a load falls outside the captured bytes.
 */
export function protochain(
  b: Uint8Array,
  o: number,
  caplen: number,
  nl: number,
  ipv6: boolean,
  protocol: number,
): number {
  const first = nl + (ipv6 ? 6 : 9);
  if (first >= caplen || nl >= caplen) return -1;
  let next = b[o + first];
  let x = ipv6 ? IPV6_HEADER_LEN : (b[o + nl] & 0xf) << 2;
  for (let step = 0; step < PROTOCHAIN_MAX_STEPS; step++) {
    if (next === protocol || next === IPPROTO_NONE) return next === protocol ? 1 : 0;
    const at = nl + x;
    if (ipv6 && isIpv6Extension(next)) {
      if (at + 1 >= caplen) return -1;
      x += (b[o + at + 1] + 1) * 8;
      next = b[o + at];
      continue;
    }
    if (next !== IPPROTO_AH) return 0;
    if (at + 1 >= caplen) return -1;
    x = (b[o + at + 1] + 2) * 4;
    next = b[o + at];
  }
  return -1;
}

function isIpv6Extension(next: number): boolean {
  return (
    next === IPPROTO_HOPOPTS ||
    next === IPPROTO_DSTOPTS ||
    next === IPPROTO_ROUTING ||
    next === IPPROTO_FRAGMENT
  );
}

const MAX_SHIFT = 31;

/** A shift by a constant below 32, which needs no run-time range check. */
function isSmallShift(v: Value & { kind: 'alu' }): boolean {
  const r = v.right;
  return (v.op === '<<' || v.op === '>>') && r.kind === 'const' && r.value <= MAX_SHIFT;
}

/**
 * Flow graphs whose tree unfolding stays below this many nodes become one nested expression
 * (fastest); larger ones become a sequence of blocks that pass a node number along.
 */
export const UNFOLD_LIMIT = 2000;

/**
 * Registers start at an offset no packet reaches, so a test that reads a tunnel's inner
 * frame when no tunnel matched rejects the packet (libpcap reads uninitialised scratch
 * memory there).
 */
const UNSET_REGISTER = 0xffffffff;

/** Emits the source of one matcher; temporaries get unique names so nesting is safe. */
class Emitter {
  private temps = 0;

  constructor(private readonly graph: FlowGraph) {}

  source(): string {
    const g = this.graph;
    const body =
      unfoldedSize(g, g.entry, new Map()) <= UNFOLD_LIMIT ? this.expression() : this.blocks();
    const regs = Array.from({ length: g.registerCount }, (_, i) => `r${i} = ${UNSET_REGISTER}`);
    const temps = Array.from({ length: this.temps }, (_, i) => `t${i} = 0`);
    const decls = ['ok = 1', 's = 0', ...regs, ...temps].join(', ');
    return `return function match(b, o, c, w) {\n  let ${decls};\n${body}\n};`;
  }

  private expression(): string {
    return `  const r = ${this.node(this.graph.entry)};\n  return ok === 1 && r;`;
  }

  /** The graph as a nested conditional; shared nodes are repeated at each use. */
  private node(t: Target): string {
    if (t === ACCEPT) return 'true';
    if (t === REJECT) return 'false';
    const n = this.graph.nodes[t];
    if (n.kind === 'store')
      return `((r${n.test.reg} = ${this.value(n.test.value)}), ${this.node(n.next)})`;
    const cond = this.test(n.test);
    const [yes, no] = [n.whenTrue, n.whenFalse];
    if (yes === ACCEPT && no === REJECT) return cond;
    if (yes === REJECT && no === ACCEPT) return `!${cond}`;
    if (no === REJECT) return `(${cond} && ${this.node(yes)})`;
    if (yes === ACCEPT) return `(${cond} || ${this.node(no)})`;
    return `(${cond} ? ${this.node(yes)} : ${this.node(no)})`;
  }

  /** The graph as blocks in topological order; `s` holds the node to run next. */
  private blocks(): string {
    const g = this.graph;
    const lines = [`  s = ${g.entry};`];
    for (const id of topologicalOrder(g)) {
      const n = g.nodes[id];
      const step =
        n.kind === 'store'
          ? `r${n.test.reg} = ${this.value(n.test.value)}; s = ${n.next};`
          : `s = ${this.test(n.test)} ? ${n.whenTrue} : ${n.whenFalse};`;
      lines.push(`  if (s === ${id}) { ${step} }`);
    }
    lines.push(`  return ok === 1 && s === ${ACCEPT};`);
    return lines.join('\n');
  }

  test(t: Test): string {
    switch (t.kind) {
      case 'true':
        return 'true';
      case 'false':
        return 'false';
      case 'cmp':
        return this.compare(t.op, this.value(t.left), this.value(t.right));
      case 'and':
        return `(${this.test(t.left)} && ${this.test(t.right)})`;
      case 'or':
        return `(${this.test(t.left)} || ${this.test(t.right)})`;
      case 'not':
        return `!${this.test(t.operand)}`;
      case 'set':
        return `((r${t.reg} = ${this.value(t.value)}), true)`;
      case 'seq':
        return `(${[...t.steps.map((s) => this.test(s)), this.test(t.then)].join(', ')})`;
      case 'protochain':
        return this.protochain(t.nlOffset, t.ipv6, t.protocol);
    }
  }

  private compare(op: string, l: string, r: string): string {
    switch (op) {
      case 'eq':
        return `(${l} === ${r})`;
      case 'gt':
        return `(${l} > ${r})`;
      case 'ge':
        return `(${l} >= ${r})`;
      default:
        return `((${l} & ${r}) !== 0)`;
    }
  }

  private protochain(nl: number, ipv6: boolean, protocol: number): string {
    const t = this.temp();
    return `((${t} = pc(b, o, c, ${nl}, ${ipv6}, ${protocol})) < 0 ? (ok = 0) === 1 : ${t} === 1)`;
  }

  value(v: Value): string {
    switch (v.kind) {
      case 'const':
        return String(v.value);
      case 'wirelen':
        return 'w';
      case 'reg':
        return `r${v.reg}`;
      case 'load':
        return this.load(v.size, v.offset, v.index);
      case 'alu':
        if (isSmallShift(v)) return this.constantShift(v.op, this.value(v.left), v.right);
        return this.alu(v.op, this.value(v.left), this.value(v.right));
      case 'select':
        return `(${this.test(v.test)} ? ${this.value(v.then)} : ${this.value(v.otherwise)})`;
    }
  }

  private load(size: 1 | 2 | 4, offset: number, index: Value | undefined): string {
    if (index === undefined) {
      const p = (k: number): string => `b[o + ${offset + k}]`;
      return this.read(size, p, `${offset + size} <= c`);
    }
    const t = this.temp();
    const at = `(${t} = ${offset} + ${this.value(index)}) + ${size} <= c`;
    return this.read(size, (k) => `b[o + ${t}${k === 0 ? '' : ` + ${k}`}]`, at);
  }

  private read(size: 1 | 2 | 4, p: (k: number) => string, guard: string): string {
    const bytes =
      size === 1
        ? p(0)
        : size === 2
          ? `(${p(0)} << 8 | ${p(1)})`
          : `((${p(0)} << 24 | ${p(1)} << 16 | ${p(2)} << 8 | ${p(3)}) >>> 0)`;
    return `(${guard} ? ${bytes} : (ok = 0))`;
  }

  private alu(op: string, l: string, r: string): string {
    switch (op) {
      case '*':
        return `(Math.imul(${l}, ${r}) >>> 0)`;
      case '/':
      case '%':
        return this.divide(op, l, r);
      case '<<':
        return this.shift('<<', l, r);
      case '>>':
        return this.shift('>>>', l, r);
      default:
        return `((${l} ${op} ${r}) >>> 0)`;
    }
  }

  /** Division by zero rejects the packet, as the BPF interpreter does. */
  private divide(op: string, l: string, r: string): string {
    const t = this.temp();
    const q = op === '/' ? `Math.floor(${l} / ${t})` : `(${l} % ${t})`;
    return `((${t} = ${r}) === 0 ? (ok = 0) : ${q})`;
  }

  private constantShift(op: string, l: string, right: Value): string {
    const k = right.kind === 'const' ? right.value : 0;
    return op === '<<' ? `((${l} << ${k}) >>> 0)` : `(${l} >>> ${k})`;
  }

  /** Shifts of 32 or more give 0 in BPF; JavaScript would shift modulo 32. */
  private shift(op: string, l: string, r: string): string {
    const t = this.temp();
    return `((${t} = ${r}) < 32 ? (${l} ${op} ${t}) >>> 0 : 0)`;
  }

  private temp(): string {
    return `t${this.temps++}`;
  }
}

/** Size of the tree that unfolding the graph from `t` would produce. */
function unfoldedSize(g: FlowGraph, t: Target, memo: Map<Target, number>): number {
  if (t < 0) return 1;
  const known = memo.get(t);
  if (known !== undefined) return known;
  const n = g.nodes[t];
  const size =
    n.kind === 'store'
      ? 1 + unfoldedSize(g, n.next, memo)
      : 1 + unfoldedSize(g, n.whenTrue, memo) + unfoldedSize(g, n.whenFalse, memo);
  memo.set(t, size);
  return size;
}

/** The JavaScript source of a matcher (for inspection and debugging). */
export function graphSource(graph: FlowGraph): string {
  return new Emitter(graph).source();
}

/** Builds the matcher from its source; the returned function is called per packet. */
export function compileSource(source: string): MatchFunction {
  const factory = new Function('pc', source) as (pc: typeof protochain) => MatchFunction;
  return factory(protochain);
}

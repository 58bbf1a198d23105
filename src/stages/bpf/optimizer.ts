/**
 * The part of libpcap's BPF optimizer that changes which packets a filter accepts: jump
 * threading and the removal of comparisons whose outcome does not matter.
 *
 * It matters because a comparison the optimizer removes no longer loads its bytes, so it can
 * no longer reject a short packet. In `tcp[100] = 0 or ip`, every packet that reaches the
 * byte test is IPv4 (its guard checked that), so both of its outcomes lead to "accept", the
 * test disappears, and short TCP packets are accepted, as tcpdump accepts them.
 *
 * Facts are the comparisons known on every path to an edge (libpcap's edge dominators). A
 * comparison is decided by a fact on the same value when the operands are equal, or when
 * the fact is a true equality with another constant (the value cannot equal both).
 */
import {
  ACCEPT,
  REJECT,
  successors,
  type BranchNode,
  type FlowGraph,
  type Target,
} from './flow-graph.js';

/** Upper bound on optimizer passes; each pass that changes the graph removes an edge hop. */
export const OPTIMIZER_MAX_PASSES = 100;

interface Fact {
  readonly node: BranchNode;
  readonly outcome: boolean;
}

export function optimize(graph: FlowGraph): void {
  for (let pass = 0; pass < OPTIMIZER_MAX_PASSES; pass++) {
    if (!threadOnce(graph)) return;
  }
}

/** One pass: computes the facts per node, then redirects every edge it can. */
function threadOnce(graph: FlowGraph): boolean {
  const facts = factsPerNode(graph);
  let changed = false;
  const redirect = (target: Target, known: readonly Fact[]): Target => {
    const next = skip(graph, target, known);
    if (next !== target) changed = true;
    return next;
  };
  graph.entry = redirect(graph.entry, []);
  for (const [id, known] of facts) {
    const node = graph.nodes[id];
    if (node.kind === 'store') {
      node.next = redirect(node.next, known);
      continue;
    }
    node.whenTrue = redirect(node.whenTrue, [...known, { node, outcome: true }]);
    node.whenFalse = redirect(node.whenFalse, [...known, { node, outcome: false }]);
  }
  return changed;
}

/** Follows `target` past branches the facts decide and branches whose successors agree. */
function skip(graph: FlowGraph, target: Target, known: readonly Fact[]): Target {
  let t = target;
  for (;;) {
    if (t === ACCEPT || t === REJECT) return t;
    const node = graph.nodes[t];
    if (node.kind === 'store') return t;
    if (node.whenTrue === node.whenFalse) {
      t = node.whenTrue;
      continue;
    }
    const outcome = decide(node, known);
    if (outcome === undefined) return t;
    t = outcome ? node.whenTrue : node.whenFalse;
  }
}

/** The outcome of `node` given the facts, or undefined when they do not decide it. */
function decide(node: BranchNode, known: readonly Fact[]): boolean | undefined {
  if (!node.foldable) return undefined;
  for (const fact of known) {
    if (fact.node.valueKey !== node.valueKey || fact.node.test.kind !== node.test.kind) continue;
    if (fact.node.key === node.key) return fact.outcome;
    const bothEq =
      fact.node.test.kind === 'cmp' &&
      node.test.kind === 'cmp' &&
      fact.node.test.op === 'eq' &&
      node.test.op === 'eq' &&
      fact.node.test.right.kind === 'const' &&
      node.test.right.kind === 'const';
    if (bothEq && fact.outcome) return false;
  }
  return undefined;
}

/**
 * Facts holding on every path into each reachable node, in topological order: the
 * intersection over its incoming edges.
 */
function factsPerNode(graph: FlowGraph): Map<number, Fact[]> {
  const order = topologicalOrder(graph);
  const incoming = new Map<number, Fact[][]>();
  const push = (t: Target, facts: Fact[]): void => {
    if (t < 0) return;
    const list = incoming.get(t) ?? [];
    list.push(facts);
    incoming.set(t, list);
  };
  push(graph.entry, []);
  const result = new Map<number, Fact[]>();
  for (const id of order) {
    const known = intersect(incoming.get(id) ?? [[]]);
    result.set(id, known);
    const node = graph.nodes[id];
    if (node.kind === 'store') {
      push(node.next, known);
      continue;
    }
    push(node.whenTrue, [...known, { node, outcome: true }]);
    push(node.whenFalse, [...known, { node, outcome: false }]);
  }
  return result;
}

function intersect(paths: readonly Fact[][]): Fact[] {
  const [first, ...rest] = paths;
  return first.filter((f) =>
    rest.every((p) => p.some((g) => g.node === f.node && g.outcome === f.outcome)),
  );
}

/** Reachable nodes, each after all its predecessors (the graph is acyclic). */
export function topologicalOrder(graph: FlowGraph): number[] {
  const order: number[] = [];
  const state = new Map<number, 'open' | 'done'>();
  const visit = (t: Target): void => {
    if (t < 0 || state.has(t)) return;
    state.set(t, 'open');
    for (const s of successors(graph.nodes[t])) visit(s);
    state.set(t, 'done');
    order.push(t);
  };
  visit(graph.entry);
  return order.reverse();
}

/**
 * The filter program as a graph of decisions, the shape of a classic BPF program: each node
 * runs one comparison (or one register store) and jumps to one of two successors; the two
 * leaves accept and reject. Lowering the test tree to this graph makes short-circuit `and`,
 * `or` and `not` plain edges, and lets the optimizer reason about paths as libpcap's does.
 */
import type { Program, Test, Value } from './program.js';

/** Leaf targets. Node ids are indexes into `FlowGraph.nodes`, so they are >= 0. */
export const ACCEPT = -1;
export const REJECT = -2;

export type Target = number;

/** A comparison (or protochain walk) with a true and a false successor. */
export interface BranchNode {
  readonly kind: 'branch';
  readonly test: Test & { kind: 'cmp' | 'protochain' };
  /** Canonical text of the compared value and operand, equal for equal comparisons. */
  readonly key: string;
  /** Canonical text of the compared value alone (libpcap's value number of A). */
  readonly valueKey: string;
  /**
   * False when the value depends on a register: libpcap's optimizer loses track of values
   * loaded from its scratch memory, so it never decides such a comparison from another.
   */
  readonly foldable: boolean;
  whenTrue: Target;
  whenFalse: Target;
}

/** A register store, then on to `next`. */
export interface StoreNode {
  readonly kind: 'store';
  readonly test: Test & { kind: 'set' };
  next: Target;
}

export type FlowNode = BranchNode | StoreNode;

export interface FlowGraph {
  readonly nodes: FlowNode[];
  entry: Target;
  readonly registerCount: number;
}

/** Lowers a program: the prologue's stores first, then the test. */
export function lowerProgram(program: Program): FlowGraph {
  const graph: FlowGraph = { nodes: [], entry: ACCEPT, registerCount: program.registerCount };
  let entry = lower(graph, program.test, ACCEPT, REJECT);
  for (let i = program.prologue.length - 1; i >= 0; i--) {
    entry = lower(graph, program.prologue[i], entry, REJECT);
  }
  graph.entry = entry;
  return graph;
}

/** Returns the entry of `test`, which continues to `t` when true and `f` when false. */
function lower(graph: FlowGraph, test: Test, t: Target, f: Target): Target {
  switch (test.kind) {
    case 'true':
      return t;
    case 'false':
      return f;
    case 'and':
      return lower(graph, test.left, lower(graph, test.right, t, f), f);
    case 'or':
      return lower(graph, test.left, t, lower(graph, test.right, t, f));
    case 'not':
      return lower(graph, test.operand, f, t);
    case 'set':
      return add(graph, { kind: 'store', test, next: t });
    case 'seq': {
      let entry = lower(graph, test.then, t, f);
      for (let i = test.steps.length - 1; i >= 0; i--)
        entry = lower(graph, test.steps[i], entry, f);
      return entry;
    }
    default:
      return add(graph, branch(test, t, f));
  }
}

function branch(test: Test & { kind: 'cmp' | 'protochain' }, t: Target, f: Target): BranchNode {
  if (test.kind === 'protochain') {
    const key = JSON.stringify(test);
    return { kind: 'branch', test, key, valueKey: key, foldable: true, whenTrue: t, whenFalse: f };
  }
  const valueKey = JSON.stringify(test.left);
  const key = `${test.op} ${valueKey} ${JSON.stringify(test.right)}`;
  const foldable = !usesRegister(test.left) && !usesRegister(test.right);
  return { kind: 'branch', test, key, valueKey, foldable, whenTrue: t, whenFalse: f };
}

function usesRegister(v: Value): boolean {
  switch (v.kind) {
    case 'reg':
      return true;
    case 'load':
      return v.index !== undefined && usesRegister(v.index);
    case 'alu':
      return usesRegister(v.left) || usesRegister(v.right);
    case 'select':
      return true;
    default:
      return false;
  }
}

function add(graph: FlowGraph, node: FlowNode): Target {
  graph.nodes.push(node);
  return graph.nodes.length - 1;
}

/** The successors of a node. */
export function successors(node: FlowNode): Target[] {
  return node.kind === 'store' ? [node.next] : [node.whenTrue, node.whenFalse];
}

/**
 * The filter program: a tree of tests over 32-bit unsigned values, the shape libpcap's code
 * generator builds (a graph of blocks with loads, arithmetic and conditional jumps) before it is
 * flattened to classic BPF. Keeping the tree lets the JS compiler emit short-circuit expressions.
 *
 * Evaluation rules, as classic BPF defines them:
 * - every value is an unsigned 32-bit integer; arithmetic wraps;
 * - a load that reaches past the captured length, or a division by zero, ends the program with
 *   "reject", whatever the surrounding `not`/`or` would have made of it;
 * - `and`/`or` evaluate left to right and stop early, so a load on the right runs only when
 *   the left side did not decide.
 */

/** Registers hold offsets computed at run time (variable-length link headers, tunnels). */
export type Register = number;

export type ValueOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';

export type Value =
  | { readonly kind: 'const'; readonly value: number }
  /** Big-endian load of `size` bytes at `offset` (+ `index` when given) from packet start. */
  | {
      readonly kind: 'load';
      readonly size: 1 | 2 | 4;
      readonly offset: number;
      readonly index?: Value;
    }
  /** The packet's length on the wire (BPF_LEN), not the captured length. */
  | { readonly kind: 'wirelen' }
  | { readonly kind: 'reg'; readonly reg: Register }
  | { readonly kind: 'alu'; readonly op: ValueOp; readonly left: Value; readonly right: Value }
  /** `test ? then : otherwise`, for offsets that depend on a header bit (802.11 QoS, Geneve). */
  | {
      readonly kind: 'select';
      readonly test: Test;
      readonly then: Value;
      readonly otherwise: Value;
    };

export type CompareOp = 'eq' | 'gt' | 'ge' | 'set';

export type Test =
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | {
      readonly kind: 'cmp';
      readonly op: CompareOp;
      readonly left: Value;
      readonly right: Value;
    }
  | { readonly kind: 'and'; readonly left: Test; readonly right: Test }
  | { readonly kind: 'or'; readonly left: Test; readonly right: Test }
  | { readonly kind: 'not'; readonly operand: Test }
  /** Stores `value` into `reg`, then is true (a load inside may still reject the packet). */
  | { readonly kind: 'set'; readonly reg: Register; readonly value: Value }
  /** A statement list ending in a test: `steps` run in order, then `then` decides. */
  | { readonly kind: 'seq'; readonly steps: readonly Test[]; readonly then: Test }
  /** libpcap's protochain loop over IPv4/IPv6 extension headers. */
  | {
      readonly kind: 'protochain';
      readonly ipv6: boolean;
      /** Offset of the network header. */
      readonly nlOffset: number;
      readonly protocol: number;
    };

export const TRUE: Test = { kind: 'true' };
export const FALSE: Test = { kind: 'false' };

export function constant(value: number): Value {
  return { kind: 'const', value: value >>> 0 };
}

export function load(size: 1 | 2 | 4, offset: number, index?: Value): Value {
  return index === undefined
    ? { kind: 'load', size, offset }
    : { kind: 'load', size, offset, index };
}

export function alu(op: ValueOp, left: Value, right: Value): Value {
  return { kind: 'alu', op, left, right };
}

export function cmp(op: CompareOp, left: Value, right: Value): Test {
  return { kind: 'cmp', op, left, right };
}

/** `(load & mask) == value`, written as a plain compare when the mask keeps every bit. */
export function maskedEq(size: 1 | 2 | 4, offset: number, value: number, mask?: number): Test {
  const full = size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
  const ld = load(size, offset);
  if (mask === undefined || (mask & full) >>> 0 === full) return cmp('eq', ld, constant(value));
  return cmp('eq', alu('&', ld, constant(mask)), constant(value));
}

/**
 * Conjunction with the constant folding libpcap's optimizer performs: a constant side decides
 * or disappears. A dropped side's loads no longer run, as in the optimized BPF program.
 */
export function and(left: Test, right: Test): Test {
  if (left.kind === 'false') return FALSE;
  if (left.kind === 'true') return right;
  if (right.kind === 'true') return left;
  if (right.kind === 'false' && !hasEffects(left)) return FALSE;
  return { kind: 'and', left, right };
}

export function or(left: Test, right: Test): Test {
  if (left.kind === 'true') return TRUE;
  if (left.kind === 'false') return right;
  if (right.kind === 'false') return left;
  if (right.kind === 'true' && !hasEffects(left)) return TRUE;
  return { kind: 'or', left, right };
}

export function not(operand: Test): Test {
  if (operand.kind === 'true') return FALSE;
  if (operand.kind === 'false') return TRUE;
  if (operand.kind === 'not') return operand.operand;
  return { kind: 'not', operand };
}

/** True when a test stores registers, which later tests depend on, so it cannot be dropped. */
function hasEffects(test: Test): boolean {
  switch (test.kind) {
    case 'set':
    case 'seq':
      return true;
    case 'and':
    case 'or':
      return hasEffects(test.left) || hasEffects(test.right);
    case 'not':
      return hasEffects(test.operand);
    default:
      return false;
  }
}

/** A compiled program: register set-up that runs first, then the test. */
export interface Program {
  /** Statements run before the test (libpcap's prologue for variable-length link headers). */
  readonly prologue: readonly Test[];
  readonly test: Test;
  readonly registerCount: number;
}

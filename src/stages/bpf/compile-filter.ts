/**
 * The filter compiler's entry point: expression text and link type in, a matcher out.
 * Compiling costs a parse, a code generation and one `new Function`; callers compile once per
 * (expression, link type) and reuse the result for every packet.
 */
import { generate, type CodegenOptions } from './codegen.js';
import { FilterCompileError } from './errors.js';
import { lowerProgram, REJECT, type FlowGraph } from './flow-graph.js';
import { compileSource, graphSource } from './js-compiler.js';
import { optimize } from './optimizer.js';
import { parseFilter } from './parser.js';
import { TRUE, type Program, type Test } from './program.js';

export interface CompiledFilter {
  /** The expression as given. */
  readonly expression: string;
  readonly linkType: number;
  /** True for the packet whose captured bytes are `buf[offset .. offset + caplen)`. */
  match(buf: Uint8Array, offset: number, caplen: number, wirelen: number): boolean;
  /** The generated JavaScript, for debugging. */
  readonly source: string;
}

export type CompileOptions = CodegenOptions;

const EMPTY_PROGRAM: Program = { prologue: [], test: TRUE, registerCount: 0 };

/** The program tree for `expr`, before lowering and optimization. */
export function buildProgram(expr: string, linkType: number, options?: CompileOptions): Program {
  if (expr.trim() === '') return EMPTY_PROGRAM;
  return generate(parseFilter(expr), linkType, options);
}

/**
 * The optimized flow graph for `expr`; an expression that can never match is an error, as
 * in libpcap. libpcap leaves programs with `protochain` unoptimized (its loop defeats the
 * optimizer), so those are neither optimized here nor refused for matching nothing.
 */
export function buildFlowGraph(
  expr: string,
  linkType: number,
  options?: CompileOptions,
): FlowGraph {
  const program = buildProgram(expr, linkType, options);
  const graph = lowerProgram(program);
  if (containsProtochain(program.test)) return graph;

  optimize(graph);
  if (graph.entry === REJECT) throw new FilterCompileError('expression rejects all packets', 0);
  return graph;
}

function containsProtochain(t: Test): boolean {
  switch (t.kind) {
    case 'protochain':
      return true;
    case 'and':
    case 'or':
      return containsProtochain(t.left) || containsProtochain(t.right);
    case 'not':
      return containsProtochain(t.operand);
    case 'seq':
      return t.steps.some(containsProtochain) || containsProtochain(t.then);
    default:
      return false;
  }
}

/**
 * Compiles `expr` for packets of `linkType` (a LINKTYPE_* number). Throws FilterSyntaxError
 * or FilterCompileError, both with the position of the problem in `expr`.
 */
export function compileFilter(
  expr: string,
  linkType: number,
  options?: CompileOptions,
): CompiledFilter {
  const source = graphSource(buildFlowGraph(expr, linkType, options));
  return { expression: expr, linkType, match: compileSource(source), source };
}

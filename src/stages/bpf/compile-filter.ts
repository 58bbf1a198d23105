/**
 * The filter compiler's entry point: expression text and link type in, a matcher out.
 * Compiling costs a parse, a code generation and one `new Function`; callers compile once per
 * (expression, link type) and reuse the result for every packet.
 */
import { generate, type CodegenOptions } from './codegen.js';
import { FilterCompileError } from './errors.js';
import { compileSource, programSource } from './js-compiler.js';
import { parseFilter } from './parser.js';
import { TRUE, type Program } from './program.js';

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

/** Builds the program; an expression that can never match is an error, as in libpcap. */
export function buildProgram(expr: string, linkType: number, options?: CompileOptions): Program {
  if (expr.trim() === '') return EMPTY_PROGRAM;
  const program = generate(parseFilter(expr), linkType, options);
  if (program.test.kind === 'false') {
    throw new FilterCompileError('expression rejects all packets', 0);
  }
  return program;
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
  const source = programSource(buildProgram(expr, linkType, options));
  return { expression: expr, linkType, match: compileSource(source), source };
}

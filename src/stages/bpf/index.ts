/** The packet filter compiler for tcpdump/pcap-filter expressions. */
export {
  compileFilter,
  buildFlowGraph,
  buildProgram,
  type CompiledFilter,
  type CompileOptions,
} from './compile-filter.js';
export { FilterCompileError, FilterSyntaxError } from './errors.js';
export { LinkType, linkTypeDescription } from './link-types.js';
export type { MatchFunction } from './js-compiler.js';

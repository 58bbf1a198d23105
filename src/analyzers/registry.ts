/**
 * Every protocol analyzer wirelog ships, in the order they are offered a connection. The
 * pipeline keeps those whose script is loaded (all of them unless `-b` names a subset).
 */
import type { AnalyzerSpec } from './analyzer.js';
import { DNS_ANALYZER } from './dns/dns-analyzer.js';
import { HTTP_ANALYZER } from './http/http-spec.js';

export const ANALYZERS: readonly AnalyzerSpec[] = [
  DNS_ANALYZER,
  HTTP_ANALYZER,
];

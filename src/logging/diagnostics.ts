/**
 * wirelog's own diagnostics: structured JSON lines on stderr (stdout may carry records), quiet
 * by default. Records never pass through here.
 */
import { pino, type Logger } from 'pino';

export type DiagnosticLevel = 'error' | 'warn' | 'info' | 'debug';

export function createDiagnostics(level: DiagnosticLevel = 'warn'): Logger {
  return pino({ level, base: { component: 'wirelog' } }, pino.destination(2));
}

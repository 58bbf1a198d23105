/**
 * Markdown documentation of log streams, rendered from their declarations, so the documented
 * columns are always the ones written.
 */
import type { LogStreamSpec } from './log-stream.js';

export function renderLogDocs(specs: Iterable<LogStreamSpec>): string {
  const parts = ['# Logs\n', 'Generated from the log stream declarations (`npm run docs`).\n'];
  for (const spec of [...specs].sort((a, b) => a.path.localeCompare(b.path))) {
    parts.push(`## ${spec.path}.log\n`, `${spec.doc}\n`);
    parts.push('| field | type | unset allowed | meaning |', '|---|---|---|---|');
    for (const f of spec.fields) {
      const doc = f.doc.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      parts.push(`| \`${f.name}\` | \`${f.type}\` | ${f.optional ? 'yes' : 'no'} | ${doc} |`);
    }
    parts.push('');
  }
  return parts.join('\n');
}

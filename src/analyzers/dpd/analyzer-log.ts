/**
 * analyzer.log: one row per protocol analyzer that failed after confirming its protocol, the
 * first time it does on a connection (Zeek's Analyzer::Logging). Failures before confirmation
 * and repeated ones are not logged; conn.log's service shows what was confirmed and kept.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';

export const ANALYZER_LOG: LogStreamSpec = {
  path: 'analyzer',
  doc: 'Analyzers that gave up on a connection after a protocol violation.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time of the packet that showed the violation.' },
    { name: 'analyzer_kind', type: 'string', doc: 'Kind of analyzer: protocol.' },
    { name: 'analyzer_name', type: 'string', doc: 'Analyzer name, e.g. HTTP.' },
    { name: 'uid', type: 'string', optional: true, doc: 'Connection uid.' },
    { name: 'fuid', type: 'string', optional: true, doc: 'File id, for file analyzers.' },
    { name: 'id.orig_h', type: 'addr', optional: true, doc: 'Originator address.' },
    { name: 'id.orig_p', type: 'port', optional: true, doc: 'Originator port.' },
    { name: 'id.resp_h', type: 'addr', optional: true, doc: 'Responder address.' },
    { name: 'id.resp_p', type: 'port', optional: true, doc: 'Responder port.' },
    { name: 'proto', type: 'enum', optional: true, doc: 'Transport protocol: tcp or udp.' },
    { name: 'failure_reason', type: 'string', doc: 'What the analyzer found wrong.' },
    {
      name: 'failure_data',
      type: 'string',
      optional: true,
      doc: 'Start of the offending data, when the analyzer named it.',
    },
  ],
};

/** `maxDataBytes` caps failure_data (0: no cap). */
export function registerAnalyzerLog(
  events: EventBus<CoreEvents>,
  logs: LogManager,
  maxDataBytes: number,
): void {
  logs.createStream(ANALYZER_LOG);
  events.on('analyzer_failed', (ts, c, analyzer, reason, data) => {
    // Only a confirmed service that has not failed before: the service is dropped after this.
    if (!c.services.includes(analyzer.toLowerCase())) return;
    if (c.failedAnalyzers?.has(analyzer) === true) return;
    logs.write(ANALYZER_LOG.path, {
      ts,
      analyzer_kind: 'protocol',
      analyzer_name: analyzer,
      uid: c.uid,
      'id.orig_h': c.origH,
      'id.orig_p': c.origPort,
      'id.resp_h': c.respH,
      'id.resp_p': c.respPort,
      proto: c.proto,
      failure_reason: reason,
      failure_data: maxDataBytes > 0 ? data?.subarray(0, maxDataBytes) : data,
    });
  });
}

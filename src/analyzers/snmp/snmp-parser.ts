/**
 * Parses one SNMP datagram: the message SEQUENCE, the version, the header and, when one
 * follows, the plaintext PDU. What the message reported before a failure is kept, as Zeek
 * keeps the events it raised before a parse error.
 */
import { snmpDecoder } from './snmp-decoder.js';
import type { BerIssues } from './ber-values.js';
import { berSigned } from './ber-values.js';
import { parseSnmpHeader } from './snmp-header-parser.js';
import type { SnmpReport } from './snmp-message.js';
import { parseSnmpPdu } from './snmp-pdu-parser.js';

export interface SnmpParseOutcome {
  /** What the message reported, in order. */
  readonly reports: SnmpReport[];
  /** Whether the header parsed completely (Zeek confirms SNMP on a responder's header). */
  headerParsed: boolean;
  /** Protocol violations that did not stop the parse. */
  readonly violations: string[];
  /** Why the parse stopped early, if it did. */
  failure?: string;
}

export function parseSnmp(data: Uint8Array, issues: BerIssues): SnmpParseOutcome {
  const out: SnmpParseOutcome = { reports: [], headerParsed: false, violations: [] };
  const d = snmpDecoder(data, issues);
  const sink = {
    report: (r: SnmpReport) => out.reports.push(r),
    violation: (v: string) => out.violations.push(v),
  };

  d.sequence();
  const versionContent = d.integerContent();
  const parsed = d.failed ? undefined : parseSnmpHeader(d, berSigned(versionContent, issues), sink);
  if (parsed === undefined || d.failed) {
    out.failure = d.failure ?? 'truncated SNMP message';
    return out;
  }

  out.headerParsed = true;
  if (!parsed.pduFollows) return out;
  const pdu = parseSnmpPdu(d, parsed.header);
  if (pdu !== undefined) out.reports.push(pdu);
  else out.failure = d.failure ?? 'truncated SNMP PDU';
  return out;
}

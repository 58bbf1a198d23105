/**
 * The SNMP analyzer (UDP 161 and 162): parses each datagram and raises one event per PDU. The
 * protocol is confirmed when a header from the responder parses; a message that does not parse
 * is a protocol violation, and whatever it reported before that still counts.
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';
import type { SnmpReport } from './snmp-message.js';
import { parseSnmp } from './snmp-parser.js';

export const SNMP_PORTS = [161, 162];

export const SNMP_ANALYZER: AnalyzerSpec = {
  name: 'SNMP',
  script: 'base/protocols/snmp',
  transports: ['udp'],
  ports: { udp: SNMP_PORTS },
  create: (ctx) => new SnmpAnalyzer(ctx),
};

class SnmpAnalyzer implements Analyzer {
  constructor(private readonly ctx: AnalyzerContext) {}

  deliverPacket(isOrig: boolean, data: Uint8Array): void {
    const outcome = parseSnmp(data, this.ctx);

    for (const v of outcome.violations) this.ctx.violation(v);
    if (outcome.headerParsed && !isOrig) this.ctx.confirm();
    for (const report of outcome.reports) this.raise(isOrig, report);
    if (outcome.failure !== undefined) this.ctx.violation(outcome.failure);
  }

  private raise(isOrig: boolean, r: SnmpReport): void {
    const { conn, events } = this.ctx;
    switch (r.event) {
      case 'snmp_trap':
        return events.emit(r.event, conn, isOrig, r.header, r.pdu);
      case 'snmp_get_bulk_request':
        return events.emit(r.event, conn, isOrig, r.header, r.pdu);
      case 'snmp_unknown_pdu':
      case 'snmp_unknown_scoped_pdu':
        return events.emit(r.event, conn, isOrig, r.header, r.tag);
      case 'snmp_encrypted_pdu':
        return events.emit(r.event, conn, isOrig, r.header);
      case 'snmp_unknown_header_version':
        return events.emit(r.event, conn, isOrig, r.version);
      default:
        return events.emit(r.event, conn, isOrig, r.header, r.pdu);
    }
  }
}

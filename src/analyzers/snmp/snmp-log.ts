/**
 * snmp.log: one row per connection that carried SNMP, summing the variable bindings of its
 * requests and responses, written when the connection is removed.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { CONN_ID_FIELDS, connIdValues } from '../conn-id-fields.js';
import { networkTime } from '../network-time.js';
import type { SnmpHeader, SnmpPdu } from './snmp-message.js';
import { SnmpSession, SNMP_SESSION_KEY } from './snmp-session.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

export const SNMP_LOG: LogStreamSpec = {
  path: 'snmp',
  doc: 'One row per SNMP session (connection), written when the connection ends.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time of the first SNMP message of the session.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
    ...CONN_ID_FIELDS,
    { name: 'duration', type: 'interval', doc: 'Time from the first to the last SNMP message.' },
    { name: 'version', type: 'string', doc: 'SNMP version: 1, 2c, 3 or unknown.' },
    {
      name: 'community', type: 'string', optional: true,
      doc: 'v1/v2c: community string of the first message; v3: first non-empty user name.',
    },
    { name: 'get_requests', type: 'count', doc: 'Bindings in GetRequest/GetNextRequest PDUs.' },
    { name: 'get_bulk_requests', type: 'count', doc: 'Bindings in GetBulkRequest PDUs.' },
    { name: 'get_responses', type: 'count', doc: 'Bindings in Response PDUs.' },
    { name: 'set_requests', type: 'count', doc: 'Bindings in SetRequest PDUs.' },
    {
      name: 'display_string', type: 'string', optional: true,
      doc: "The responder's system description (sysDescr), if a response carried it.",
    },
    {
      name: 'up_since', type: 'time', optional: true,
      doc: 'Time the responder claims to have been up since (from sysUpTime), if reported.',
    },
  ],
};

function session(c: Connection, header: SnmpHeader): SnmpSession {
  let s = c.extra.get(SNMP_SESSION_KEY) as SnmpSession | undefined;
  if (s === undefined) {
    s = new SnmpSession(networkTime(c), header.version);
    c.extra.set(SNMP_SESSION_KEY, s);
  }
  s.update(header, networkTime(c));
  return s;
}

function snmpRecord(c: Connection, s: SnmpSession) {
  return {
    ts: s.ts,
    uid: c.uid,
    ...connIdValues(c),
    community_id: communityIdOf(c),
    duration: s.duration,
    version: s.version,
    community: s.community,
    get_requests: s.getRequests,
    get_bulk_requests: s.getBulkRequests,
    get_responses: s.getResponses,
    set_requests: s.setRequests,
    display_string: s.displayString,
    up_since: s.upSince,
  };
}

export function registerSnmpLog(events: EventBus<CoreEvents>, logs: LogManager): void {
  logs.createStream(SNMP_LOG);
  const requests = (c: Connection, _o: boolean, h: SnmpHeader, pdu: SnmpPdu) => {
    session(c, h).getRequests += pdu.bindings.length;
  };
  events.on('snmp_get_request', requests, 5);
  events.on('snmp_get_next_request', requests, 5);
  events.on('snmp_get_bulk_request', (c, _o, h, pdu) => {
    session(c, h).getBulkRequests += pdu.bindings.length;
  }, 5);
  events.on('snmp_set_request', (c, _o, h, pdu) => {
    session(c, h).setRequests += pdu.bindings.length;
  }, 5);
  events.on('snmp_response', (c, _o, h, pdu) => session(c, h).response(pdu, networkTime(c)), 5);
  const touch = (c: Connection, _o: boolean, h: SnmpHeader, ..._pdu: unknown[]) => {
    session(c, h);
  };
  for (const name of ['snmp_trap', 'snmp_inform_request', 'snmp_trapV2', 'snmp_report',
    'snmp_unknown_pdu', 'snmp_unknown_scoped_pdu', 'snmp_encrypted_pdu'] as const) {
    events.on(name, touch, 5);
  }
  events.on('connection_state_remove', (c) => {
    const s = c.extra.get(SNMP_SESSION_KEY) as SnmpSession | undefined;
    if (s !== undefined) logs.write(SNMP_LOG.path, snmpRecord(c, s));
  });
}

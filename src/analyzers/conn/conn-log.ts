/**
 * conn.log: one row per connection, written when the connection is removed. The stream
 * declaration below is the single source of its columns, types and documentation.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { Connection } from '../../stages/connection.js';
import { connState } from './conn-state.js';
import type { LocalNetworks } from './local-networks.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

export const CONN_LOG: LogStreamSpec = {
  path: 'conn',
  doc: 'One row per connection (TCP, UDP, ICMP or other IP protocol), written at its end.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time of the first packet.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
    { name: 'id.orig_h', type: 'addr', doc: 'Originator address.' },
    { name: 'id.orig_p', type: 'port', doc: 'Originator port (ICMP: the message type).' },
    { name: 'id.resp_h', type: 'addr', doc: 'Responder address.' },
    {
      name: 'id.resp_p',
      type: 'port',
      doc: 'Responder port (ICMP: the counterpart type of a request/reply pair, else the code).',
    },
    { name: 'proto', type: 'enum', doc: 'Transport: tcp, udp, icmp or unknown_transport.' },
    {
      name: 'service',
      type: 'string',
      optional: true,
      doc: 'Protocols confirmed by analyzers, in confirmation order; unset if none.',
    },
    {
      name: 'duration',
      type: 'interval',
      optional: true,
      doc: 'Seconds from first to last packet; unset when zero.',
    },
    {
      name: 'orig_bytes',
      type: 'count',
      optional: true,
      doc: 'Payload bytes the originator sent (TCP: from sequence numbers); unset with duration.',
    },
    {
      name: 'resp_bytes',
      type: 'count',
      optional: true,
      doc: 'Payload bytes the responder sent; unset with duration.',
    },
    {
      name: 'conn_state',
      type: 'string',
      optional: true,
      doc:
        'How the connection went: S0 attempt, no reply; S1 established, not closed; SF ' +
        'normal establishment and close; REJ attempt rejected; S2/S3 established, only the ' +
        'originator/responder closed; RSTO/RSTR originator/responder reset; RSTOS0 SYN then ' +
        'RST from the originator; RSTRH SYN-ACK then RST from the responder; SH/SHR half-open ' +
        'close by the originator/responder; OTH no handshake seen (also every ICMP flow).',
    },
    {
      name: 'local_orig',
      type: 'bool',
      optional: true,
      doc: 'Whether the originator is in the local networks; unset if none are configured.',
    },
    { name: 'local_resp', type: 'bool', optional: true, doc: 'Whether the responder is local.' },
    { name: 'missed_bytes', type: 'count', doc: 'Bytes missing from content gaps.' },
    {
      name: 'history',
      type: 'string',
      optional: true,
      doc:
        'What happened, one letter per kind of event, upper case for the originator and ' +
        'lower case for the responder: S SYN, H SYN-ACK, A pure ACK, D data, F FIN, R RST, ' +
        'I FIN+RST, Q SYN with FIN or RST, C bad checksum, G content gap, T retransmission, ' +
        'W zero window (C, G, T, W repeat at the 1st, 10th, 100th ... time), ^ roles flipped, ' +
        'X analysis partial (a limit was hit). Unset if nothing was recorded.',
    },
    { name: 'orig_pkts', type: 'count', optional: true, doc: 'Packets the originator sent.' },
    {
      name: 'orig_ip_bytes',
      type: 'count',
      optional: true,
      doc: 'IP-level bytes the originator sent (from the IP length fields).',
    },
    { name: 'resp_pkts', type: 'count', optional: true, doc: 'Packets the responder sent.' },
    {
      name: 'resp_ip_bytes',
      type: 'count',
      optional: true,
      doc: 'IP-level bytes the responder sent.',
    },
    {
      name: 'tunnel_parents',
      type: 'set[string]',
      optional: true,
      doc: 'Uids of the tunnel connections this one was carried in; unset if not tunnelled.',
    },
    { name: 'ip_proto', type: 'count', optional: true, doc: 'IP protocol number.' },
  ],
};

/** The conn.log record of a connection at removal. */
export function connRecord(c: Connection, local: LocalNetworks) {
  const duration = c.duration();
  const hasDuration = duration > 0;
  const hasLocal = !local.isEmpty;
  return {
    ts: c.startTime,
    uid: c.uid,
    'id.orig_h': c.origH,
    'id.orig_p': c.origPort,
    'id.resp_h': c.respH,
    'id.resp_p': c.respPort,
    proto: c.proto,
    service: c.services.length > 0 ? c.services.join(',').toLowerCase() : undefined,
    duration: hasDuration ? duration : undefined,
    orig_bytes: hasDuration ? endpointSize(c, true) : undefined,
    resp_bytes: hasDuration ? endpointSize(c, false) : undefined,
    conn_state: connState(c),
    local_orig: hasLocal ? local.contains(c.origAddr) : undefined,
    local_resp: hasLocal ? local.contains(c.respAddr) : undefined,
    missed_bytes: c.missedBytes,
    history: c.history === '' ? undefined : c.history,
    orig_pkts: c.origStats.pkts,
    orig_ip_bytes: c.origStats.ipBytes,
    resp_pkts: c.respStats.pkts,
    resp_ip_bytes: c.respStats.ipBytes,
    tunnel_parents: c.tunnelParents,
    ip_proto: c.ipProto,
    community_id: communityIdOf(c),
  };
}

/** Payload bytes one side sent, as conn.log's orig_bytes and resp_bytes count them. */
export function endpointSize(c: Connection, orig: boolean): number {
  if (c.tcp !== undefined) return (orig ? c.tcp.orig : c.tcp.resp).size();
  return (orig ? c.origStats : c.respStats).payloadBytes;
}

/** Subscribes the conn.log writer; it runs after other handlers of the removal event. */
export function registerConnLog(
  events: EventBus<CoreEvents>,
  logs: LogManager,
  local: LocalNetworks,
) {
  logs.createStream(CONN_LOG);
  events.on(
    'content_gap',
    (c, _isOrig, _seq, length) => {
      c.missedBytes += length;
    },
    5,
  );
  events.on('connection_state_remove', (c) => logs.write(CONN_LOG.path, connRecord(c, local)), -5);
}

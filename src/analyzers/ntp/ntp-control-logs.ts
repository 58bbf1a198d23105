/**
 * ntp_control.log (mode 6 control messages) and ntp_private.log (mode 7 private messages):
 * one row per message, written when the message is seen.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { FieldSpec, LogStreamSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { CONN_ID_FIELDS, connIdValues } from '../conn-id-fields.js';
import { networkTime } from '../network-time.js';
import type { NtpControlMessage, NtpMessage, NtpMode7Message } from './ntp-message.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

const COMMON_FIELDS: readonly FieldSpec[] = [
  { name: 'ts', type: 'time', doc: 'Time the message was seen.' },
  { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
  ...CONN_ID_FIELDS,
  { name: 'version', type: 'count', doc: 'NTP version (1 to 4).' },
  { name: 'mode', type: 'count', doc: 'NTP mode (6 or 7).' },
];

export const NTP_CONTROL_LOG: LogStreamSpec = {
  path: 'ntp_control',
  doc: 'One row per NTP mode 6 control message.',
  fields: [
    ...COMMON_FIELDS,
    { name: 'op_code', type: 'count', doc: 'Control operation code.' },
    { name: 'sequence', type: 'count', doc: 'Sequence number of the message.' },
    { name: 'status', type: 'count', doc: 'Status word of the response.' },
    { name: 'association_id', type: 'count', doc: 'Association id.' },
    { name: 'resp_bit', type: 'bool', doc: 'Set on responses, clear on commands.' },
    { name: 'err_bit', type: 'bool', doc: 'Set on error responses.' },
    { name: 'more_bit', type: 'bool', doc: 'Set on every fragment but the last.' },
    { name: 'data', type: 'string', optional: true, doc: 'Payload; unset when empty.' },
    { name: 'key_id', type: 'count', optional: true, doc: 'Key id of the MAC, if any.' },
    {
      name: 'crypto_checksum', type: 'string', optional: true,
      doc: 'Crypto checksum of the MAC, if any.',
    },
  ],
};

export const NTP_PRIVATE_LOG: LogStreamSpec = {
  path: 'ntp_private',
  doc: 'One row per NTP mode 7 private message (e.g. ntpd monlist).',
  fields: [
    ...COMMON_FIELDS,
    { name: 'req_code', type: 'count', doc: 'Request code.' },
    { name: 'sequence', type: 'count', doc: 'Sequence number of the message.' },
    { name: 'implementation', type: 'count', doc: 'Implementation number.' },
    { name: 'auth_bit', type: 'bool', doc: 'Set when the message is authenticated.' },
    { name: 'err', type: 'count', doc: 'Error code.' },
    { name: 'data', type: 'string', optional: true, doc: 'Payload; unset when empty.' },
  ],
};

function common(c: Connection, msg: NtpMessage) {
  const id = connIdValues(c);
  return {
    ts: networkTime(c), uid: c.uid, ...id, version: msg.version, mode: msg.mode,
    community_id: communityIdOf(c),
  };
}

function controlRecord(c: Connection, msg: NtpMessage, m: NtpControlMessage) {
  return {
    ...common(c, msg),
    op_code: m.opCode,
    sequence: m.sequence,
    status: m.status,
    association_id: m.associationId,
    resp_bit: m.respBit,
    err_bit: m.errBit,
    more_bit: m.moreBit,
    data: m.data,
    key_id: m.keyId,
    crypto_checksum: m.cryptoChecksum,
  };
}

function privateRecord(c: Connection, msg: NtpMessage, m: NtpMode7Message) {
  return {
    ...common(c, msg),
    req_code: m.reqCode,
    sequence: m.sequence,
    implementation: m.implementation,
    auth_bit: m.authBit,
    err: m.err,
    data: m.data,
  };
}

export function registerNtpControlLogs(events: EventBus<CoreEvents>, logs: LogManager): void {
  logs.createStream(NTP_CONTROL_LOG);
  logs.createStream(NTP_PRIVATE_LOG);
  events.on('ntp_message', (c, _isOrig, msg) => {
    if (msg.controlMsg !== undefined) {
      logs.write(NTP_CONTROL_LOG.path, controlRecord(c, msg, msg.controlMsg));
    }
    if (msg.mode7Msg !== undefined) {
      logs.write(NTP_PRIVATE_LOG.path, privateRecord(c, msg, msg.mode7Msg));
    }
  }, -5);
}

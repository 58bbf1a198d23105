/**
 * ntp.log: one row per NTP message of modes 1-5 (the time synchronization messages), written
 * when the message is seen.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { CONN_ID_FIELDS, connIdValues } from '../conn-id-fields.js';
import { networkTime } from '../network-time.js';
import { registerNtpControlLogs } from './ntp-control-logs.js';
import type { NtpMessage, NtpStandardMessage } from './ntp-message.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

export const NTP_LOG: LogStreamSpec = {
  path: 'ntp',
  doc: 'One row per NTP time synchronization message (modes 1 to 5).',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time the message was seen.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
    ...CONN_ID_FIELDS,
    { name: 'version', type: 'count', doc: 'NTP version (1 to 4).' },
    { name: 'mode', type: 'count', doc: 'NTP mode (3: client, 4: server, ...).' },
    { name: 'stratum', type: 'count', doc: 'Stratum (1: primary server, 2-15: secondary).' },
    { name: 'poll', type: 'interval', doc: 'Maximum interval between successive messages.' },
    { name: 'precision', type: 'interval', doc: 'Precision of the system clock.' },
    { name: 'root_delay', type: 'interval', doc: 'Total round-trip delay to the reference clock.' },
    { name: 'root_disp', type: 'interval', doc: 'Total dispersion to the reference clock.' },
    {
      name: 'ref_id', type: 'string',
      doc: 'Stratum 0: the kiss code; stratum 1: the reference clock id; else its IPv4 address ' +
        '(for IPv6 references, the first four bytes of an MD5 hash of the address).',
    },
    { name: 'ref_time', type: 'time', doc: 'Time the system clock was last set or corrected.' },
    { name: 'org_time', type: 'time', doc: 'Time at the client when the request departed.' },
    { name: 'rec_time', type: 'time', doc: 'Time at the server when the request arrived.' },
    { name: 'xmt_time', type: 'time', doc: 'Time at the server when the response departed.' },
    { name: 'num_exts', type: 'count', doc: 'Number of extension fields (not interpreted).' },
  ],
};

export function ntpRecord(c: Connection, ts: number, msg: NtpMessage, std: NtpStandardMessage) {
  return {
    ts,
    uid: c.uid,
    ...connIdValues(c),
    community_id: communityIdOf(c),
    version: msg.version,
    mode: msg.mode,
    stratum: std.stratum,
    poll: std.poll,
    precision: std.precision,
    root_delay: std.rootDelay,
    root_disp: std.rootDisp,
    ref_id: std.kissCode ?? std.refId ?? std.refAddr,
    ref_time: std.refTime,
    org_time: std.orgTime,
    rec_time: std.recTime,
    xmt_time: std.xmtTime,
    num_exts: std.numExts,
  };
}

/** Declares ntp.log and its siblings and writes a row for each message. */
export function registerNtpLog(events: EventBus<CoreEvents>, logs: LogManager): void {
  logs.createStream(NTP_LOG);
  events.on('ntp_message', (c, _isOrig, msg) => {
    if (msg.stdMsg === undefined) return;
    logs.write(NTP_LOG.path, ntpRecord(c, networkTime(c), msg, msg.stdMsg));
  }, -5);
  registerNtpControlLogs(events, logs);
}

/**
 * The `community_id` column. Zeek's policy script (protocols/conn/community-id-logging)
 * computes the ID when a connection is new and adds it to conn.log. wirelog does the same and
 * also appends it, after Zeek's columns, to every protocol log whose rows describe one
 * connection, so all records of a flow share a key (Kafka's `key: community_id` relies on it).
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import { extendStream, type FieldSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { communityIdV1 } from './community-id.js';
import type { CommunityIdLogOptions } from './community-id-options.js';

export const COMMUNITY_ID_FIELD: FieldSpec = {
  name: 'community_id', type: 'string', optional: true,
  doc: 'Community ID v1 of the connection (`1:` and base64 or hex of a SHA-1 of its 5-tuple), ' +
    'the same in every tool that follows the Community ID specification.',
};

/**
 * The logs that get the column: one row per connection or per exchange on one connection.
 * weird.log (rows may name a flow or nothing), tunnel.log (rows name a tunnel endpoint pair)
 * and the logs without connection ids (x509, dhcp, packet_filter) do not.
 */
export const COMMUNITY_ID_LOGS: readonly string[] = [
  'conn', 'dns', 'http', 'files', 'ssl', 'ssh', 'ftp', 'irc', 'ntp', 'ntp_control',
  'ntp_private', 'snmp',
];

const EXTRA_KEY = 'community_id';
/** Before other new-connection handlers, as in Zeek's script. */
const COMPUTE_PRIORITY = 5;

/** The connection's Community ID, or undefined when the column is off. */
export function communityIdOf(c: Connection): string | undefined {
  return c.extra.get(EXTRA_KEY) as string | undefined;
}

/**
 * Computes the ID of each new connection and appends the column to the logs declared so far
 * that are in `COMMUNITY_ID_LOGS`. Call it after the other logs are registered.
 */
export function registerCommunityIdLogging(
  events: EventBus<CoreEvents>, logs: LogManager, options: CommunityIdLogOptions,
): void {
  if (!options.enabled) return;
  for (const path of COMMUNITY_ID_LOGS) {
    const spec = logs.stream(path);
    if (spec !== undefined) logs.createStream(extendStream(spec, [COMMUNITY_ID_FIELD]));
  }
  events.on('new_connection', (c) => {
    c.extra.set(EXTRA_KEY, communityIdV1(connectionTuple(c), options));
  }, COMPUTE_PRIORITY);
}

/** A connection's tuple; its ICMP "ports" are already type and counterpart (or code). */
function connectionTuple(c: Connection) {
  return {
    srcAddr: c.origAddr, dstAddr: c.respAddr, proto: c.ipProto,
    srcPort: c.origPort, dstPort: c.respPort,
  };
}

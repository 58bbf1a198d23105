/**
 * dhcp.log: one row per DHCP transaction (messages sharing a transaction id within a short
 * time), merging what client and server messages told, as Zeek's DHCP script does.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { WeirdReporter } from '../../events/weird-reporter.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import { networkTime } from '../network-time.js';
import {
  DhcpTransactions, DEFAULT_DHCP_LIMITS, type DhcpTransactionLimits,
} from './dhcp-transactions.js';

export const DHCP_LOG: LogStreamSpec = {
  path: 'dhcp',
  doc: 'One row per DHCP transaction: the messages of one transaction id seen close together.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time of the first message of the transaction.' },
    {
      name: 'uids', type: 'set[string]',
      doc: 'Uids of the connections the messages came over (broadcasts make several).',
    },
    {
      name: 'client_addr', type: 'addr', optional: true,
      doc: "Client's address, from a message it sent from one, else the address assigned.",
    },
    {
      name: 'server_addr', type: 'addr', optional: true,
      doc: 'Address of the server that handed out the lease.',
    },
    { name: 'mac', type: 'string', optional: true, doc: "Client's hardware address." },
    {
      name: 'host_name', type: 'string', optional: true,
      doc: 'Host name the client sent (option 12).',
    },
    {
      name: 'client_fqdn', type: 'string', optional: true,
      doc: 'FQDN the client sent (option 81).',
    },
    { name: 'domain', type: 'string', optional: true, doc: 'Domain the server gave (option 15).' },
    { name: 'requested_addr', type: 'addr', optional: true, doc: 'Address the client asked for.' },
    { name: 'assigned_addr', type: 'addr', optional: true, doc: 'Address the server assigned.' },
    { name: 'lease_time', type: 'interval', optional: true, doc: 'Lease time the server gave.' },
    {
      name: 'client_message', type: 'string', optional: true,
      doc: 'Message from the client (option 56), typically why it declined an address.',
    },
    {
      name: 'server_message', type: 'string', optional: true,
      doc: 'Message from the server (option 56), typically why it refused a request.',
    },
    { name: 'msg_types', type: 'vector[string]', doc: 'Message types seen, in order.' },
    { name: 'duration', type: 'interval', doc: 'Time from the first to the last message.' },
  ],
};

export function registerDhcpLog(
  events: EventBus<CoreEvents>, logs: LogManager, weirds?: WeirdReporter,
  limits: DhcpTransactionLimits = DEFAULT_DHCP_LIMITS,
): void {
  logs.createStream(DHCP_LOG);
  let now = 0;
  const transactions = new DhcpTransactions(
    (info, withChaddr) => logs.write(DHCP_LOG.path, info.record(withChaddr)),
    (held) => weirds?.netWeird('DHCP_max_tracked_transactions_exceeded', now, String(held), 'DHCP'),
    limits,
  );

  events.on('dhcp_message', (c, isOrig, msg, options) => {
    now = networkTime(c);
    const info = transactions.get(msg.xid, now);
    info.absorb(c, isOrig, msg, options, now);
    transactions.checkSize(msg.xid, info);
  }, -5);
  events.on('zeek_done', () => transactions.flush(), -5);
}

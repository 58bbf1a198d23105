/**
 * tunnel.log: one row when a tunnel is discovered and one when it closes or expires. Tunnels
 * are registered by the connections they carry (their encapsulation, at `new_connection` and
 * `tunnel_changed`) and by protocol analyzers that see a proxy tunnel (`registerTunnel`).
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { EncapsulatingConn } from '../../stages/tunnels/encapsulating-conn.js';
import type { TunnelType } from '../../stages/tunnels/tunnel-type.js';
import { ActiveTunnels } from './active-tunnels.js';

export const TUNNEL_LOG: LogStreamSpec = {
  path: 'tunnel',
  doc: 'Tunnels (IP-in-IP, GRE, Teredo, AYIYA, VXLAN, Geneve, GTPv1, HTTP CONNECT) as they ' +
    'appear and end.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time of the activity.' },
    {
      name: 'uid', type: 'string', optional: true,
      doc: 'Uid of the tunnel: the carrying connection\'s for UDP tunnels, one of its own for ' +
        'IP-in-IP and GRE; unset for proxy tunnels, which span many connections.',
    },
    { name: 'id.orig_h', type: 'addr', doc: 'Tunnel endpoint that sent the first packet.' },
    { name: 'id.orig_p', type: 'port', doc: 'Its port; 0 for IP tunnels and proxies.' },
    { name: 'id.resp_h', type: 'addr', doc: 'The other tunnel endpoint.' },
    { name: 'id.resp_p', type: 'port', doc: 'Its port; 0 for IP tunnels.' },
    { name: 'tunnel_type', type: 'enum', doc: 'Kind of tunnel: Tunnel::GRE, Tunnel::TEREDO, ...' },
    {
      name: 'action', type: 'enum',
      doc: 'Tunnel::DISCOVER (first seen), Tunnel::CLOSE (its connection ended) or ' +
        'Tunnel::EXPIRE (no new connection used it for the expiration interval).',
    },
  ],
};

/** Seconds a tunnel stays active without new connections (Zeek's default, 1 hour). */
export const DEFAULT_TUNNEL_EXPIRATION_INTERVAL = 3600;

const registries = new WeakMap<EventBus<CoreEvents>, ActiveTunnels>();

/**
 * Subscribes the tunnel.log writer. `now` gives the current network time (rows are stamped
 * with it, as Zeek stamps them with `network_time()`).
 */
export function registerTunnelLog(
  events: EventBus<CoreEvents>, logs: LogManager, now: () => number,
  expirationInterval = DEFAULT_TUNNEL_EXPIRATION_INTERVAL,
): void {
  logs.createStream(TUNNEL_LOG);
  const active = new ActiveTunnels(logs, TUNNEL_LOG.path, now, expirationInterval);
  registries.set(events, active);
  events.on('new_connection', (c) => {
    if (c.encapsulation !== undefined) active.registerAll(c.encapsulation.toArray());
  }, 5);
  events.on('tunnel_changed', (_c, e) => active.registerAll(e), 5);
  events.on('connection_state_remove', (c) => active.connectionRemoved(c), -3);
}

/**
 * Registers a tunnel a protocol analyzer found on `conn`, such as an HTTP CONNECT proxy
 * (`HTTP`) or SOCKS. As in Zeek, the originator port is left out (each proxied connection
 * comes from a new port, yet it is one tunnel) and the tunnel has no uid. Does nothing when
 * tunnel.log is not loaded.
 */
export function registerTunnel(
  events: EventBus<CoreEvents>, conn: Connection, type: TunnelType,
): void {
  const active = registries.get(events);
  if (active === undefined) return;
  active.register(new EncapsulatingConn(conn.origAddr, 0, conn.respAddr, conn.respPort,
    conn.ipProto, type, undefined));
}

import type { LogManager } from '../../logging/log-manager.js';
import type { Connection } from '../../stages/connection.js';
import type { EncapsulatingConn } from '../../stages/tunnels/encapsulating-conn.js';
import { tunnelTypeName } from '../../stages/tunnels/tunnel-type.js';

/**
 * The tunnels known to be active (Zeek's `Tunnel::active` table) and the tunnel.log rows
 * their life produces: DISCOVER when a tunnel is first registered, CLOSE when the connection
 * that is the tunnel ends, EXPIRE when no connection registered it for the expiration
 * interval. Tunnels are keyed by their connection id (addresses, ports, IP protocol).
 */

export type TunnelAction = 'DISCOVER' | 'CLOSE' | 'EXPIRE';

interface ActiveTunnel {
  readonly ec: EncapsulatingConn;
  /** Network time of the last registration: expiry counts from it. */
  lastUsed: number;
}

export class ActiveTunnels {
  private readonly active = new Map<string, ActiveTunnel>();
  /** Uids of tunnel connections whose removal closes their tunnel. */
  private readonly closeOnRemoval = new Set<string>();

  constructor(
    private readonly logs: LogManager,
    private readonly path: string,
    /** Current network time. */
    private readonly now: () => number,
    /** Seconds (Zeek's `Tunnel::expiration_interval`); 0 never expires. */
    private readonly expirationInterval: number,
  ) {}

  /** Every tunnel of a chain, outermost first. */
  registerAll(chain: readonly EncapsulatingConn[]): void {
    for (const ec of chain) this.register(ec);
  }

  /** Logs DISCOVER for a tunnel not active yet, and makes it active. */
  register(ec: EncapsulatingConn): void {
    const now = this.now();
    this.expire(now);
    const key = cidKey(ec.origH, ec.origPort, ec.respH, ec.respPort, ec.ipProto);
    const known = this.active.get(key);
    if (known !== undefined) {
      known.lastUsed = now;
      return;
    }

    this.active.set(key, { ec, lastUsed: now });
    if (ec.isConnection && ec.uid !== undefined) this.closeOnRemoval.add(ec.uid);
    this.write(ec, 'DISCOVER', now);
  }

  /** A connection ends: if it is an active tunnel, the tunnel closes. */
  connectionRemoved(c: Connection): void {
    const now = this.now();
    this.expire(now);
    if (!this.closeOnRemoval.delete(c.uid)) return;
    const key = cidKey(c.origH, c.origPort, c.respH, c.respPort, c.ipProto);
    const tunnel = this.active.get(key);
    if (tunnel === undefined) return;
    this.active.delete(key);
    this.write(tunnel.ec, 'CLOSE', now);
  }

  private expire(now: number): void {
    const interval = this.expirationInterval;
    if (interval === 0) return;
    for (const [key, tunnel] of this.active) {
      if (tunnel.lastUsed + interval > now) continue;
      this.active.delete(key);
      this.write(tunnel.ec, 'EXPIRE', now);
    }
  }

  private write(ec: EncapsulatingConn, action: TunnelAction, ts: number): void {
    this.logs.write(this.path, {
      ts,
      uid: ec.uid,
      'id.orig_h': ec.origH,
      'id.orig_p': ec.origPort,
      'id.resp_h': ec.respH,
      'id.resp_p': ec.respPort,
      tunnel_type: tunnelTypeName(ec.type),
      action: `Tunnel::${action}`,
    });
  }
}

function cidKey(origH: string, origP: number, respH: string, respP: number, proto: number) {
  return `${origH}/${origP}/${respH}/${respP}/${proto}`;
}

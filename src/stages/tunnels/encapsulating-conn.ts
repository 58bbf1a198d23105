import { formatIp } from '../ip-address.js';
import type { TunnelType } from './tunnel-type.js';

/**
 * One tunnel a packet travelled through (Zeek's `EncapsulatingConn`): the endpoints of the
 * tunnel "connection", its kind, and the uid it is known by. A tunnel carried by a UDP
 * connection (Teredo, VXLAN, ...) shares that connection's id and uid; an IP-in-IP or GRE
 * tunnel has ports 0 and a uid of its own. Instances are shared and never change.
 */
export class EncapsulatingConn {
  constructor(
    /** Endpoint addresses, 4 or 16 bytes each, owned copies. */
    readonly origAddr: Uint8Array,
    readonly origPort: number,
    readonly respAddr: Uint8Array,
    readonly respPort: number,
    /** IP protocol of the tunnel's own packets (17 for UDP tunnels, 4/41/47 for IP ones). */
    readonly ipProto: number,
    readonly type: TunnelType,
    /** Unset for tunnels registered without one (HTTP CONNECT, SOCKS). */
    readonly uid: string | undefined,
    /** The tunnel is a live connection of the tracker (a UDP tunnel), with this uid. */
    readonly isConnection = false,
  ) {}

  get origH(): string {
    return formatIp(this.origAddr, 0, this.origAddr.length === 16 ? 6 : 4);
  }

  get respH(): string {
    return formatIp(this.respAddr, 0, this.respAddr.length === 16 ? 6 : 4);
  }
}

/**
 * An encapsulation chain (Zeek's `EncapsulationStack`): the tunnels of a packet, outermost
 * first, as a node that knows its outer part. Chains are interned: extending the same chain
 * with the same tunnel object yields the same node, so chains compare by identity and a
 * packet's chain costs no allocation once its tunnels are known. The interning map is weak,
 * so chains of tunnels that are gone are collected.
 */
export class Encapsulation {
  /** Tunnels in the chain (1 for a single tunnel). */
  readonly depth: number;
  private readonly inner = new WeakMap<EncapsulatingConn, Encapsulation>();

  private constructor(
    /** The chain without its innermost tunnel; undefined at depth 1. */
    readonly outer: Encapsulation | undefined,
    /** The innermost tunnel. */
    readonly last: EncapsulatingConn,
  ) {
    this.depth = outer === undefined ? 1 : outer.depth + 1;
  }

  /** The chain `chain` (undefined: none) with `ec` added as its innermost tunnel. */
  static extend(chain: Encapsulation | undefined, ec: EncapsulatingConn): Encapsulation {
    const table = chain === undefined ? ROOTS : chain.inner;
    let next = table.get(ec);
    if (next === undefined) {
      next = new Encapsulation(chain, ec);
      table.set(ec, next);
    }
    return next;
  }

  /** The tunnels outermost first (allocates; for event handlers, not per packet). */
  toArray(): EncapsulatingConn[] {
    const out: EncapsulatingConn[] = [];
    for (let c: Encapsulation | undefined = this; c !== undefined; c = c.outer) out.push(c.last);
    return out.reverse();
  }
}

/** Single-tunnel chains, keyed by their tunnel. */
const ROOTS = new WeakMap<EncapsulatingConn, Encapsulation>();

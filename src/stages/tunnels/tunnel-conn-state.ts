import type { Encapsulation, EncapsulatingConn } from './encapsulating-conn.js';
import { kindBit, type UdpTunnelKind } from './udp-tunnel-kind.js';

/**
 * What tunnel decapsulation remembers per connection: the analyzer state of the tunnels it
 * carries (confirmed, violated: Zeek stops decapsulating a connection once its tunnel
 * analyzer saw a violation), which sides sent valid Teredo or GTP, the tunnel object it is
 * known by as a carrier, and its own encapsulation as the core sees it.
 */
export class TunnelConnState {
  private confirmed = 0;
  private violated = 0;
  /** Sides that sent a valid packet: bit 1 originator, bit 2 responder. */
  teredoValid = 0;
  gtpValid = 0;
  /** Encapsulation changes reported so far. */
  changes = 0;
  /**
   * The encapsulation of the connection's latest packet. It may differ from
   * `Connection.encapsulation`, which follows only the changes that were reported.
   */
  current: Encapsulation | undefined;
  /** This connection as a tunnel, once it carried one. */
  asTunnel: EncapsulatingConn | undefined;

  isConfirmed(kind: UdpTunnelKind): boolean {
    return (this.confirmed & kindBit(kind)) !== 0;
  }

  isViolated(kind: UdpTunnelKind): boolean {
    return (this.violated & kindBit(kind)) !== 0;
  }

  /** Marks `kind` confirmed; false if it already was, or was violated (Zeek ignores both). */
  confirm(kind: UdpTunnelKind): boolean {
    const bit = kindBit(kind);
    if (((this.confirmed | this.violated) & bit) !== 0) return false;
    this.confirmed |= bit;
    return true;
  }

  violate(kind: UdpTunnelKind): void {
    this.violated |= kindBit(kind);
  }
}

/** Side bit for the valid-packet masks. */
export function sideBit(isOrig: boolean): number {
  return isOrig ? 1 : 2;
}

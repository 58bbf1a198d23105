import { looksLikeAyiya } from './ayiya.js';
import { looksLikeTeredo } from './teredo.js';

/**
 * Which tunnel a UDP connection carries, chosen as Zeek's UDP packet analyzer chooses it:
 * by the connection's responder port, else by content (only AYIYA and Teredo are detected by
 * content, in that order).
 */

export type UdpTunnelKind = 'VXLAN' | 'GENEVE' | 'TEREDO' | 'AYIYA' | 'GTPv1' | 'GRE';

/** Zeek's port registrations of its UDP tunnel analyzers (all of them likely server ports). */
export const UDP_TUNNEL_PORTS: ReadonlyMap<number, UdpTunnelKind> = new Map([
  [4789, 'VXLAN'],
  [6081, 'GENEVE'],
  [3544, 'TEREDO'],
  [5072, 'AYIYA'],
  [2152, 'GTPv1'],
  [2123, 'GTPv1'],
  [4754, 'GRE'],
]);

/** The tunnel to try on a datagram of `len` bytes at `off`, or undefined. */
export function udpTunnelKind(
  respPort: number, d: Uint8Array, off: number, len: number,
): UdpTunnelKind | undefined {
  const byPort = UDP_TUNNEL_PORTS.get(respPort);
  if (byPort !== undefined) return byPort;
  if (looksLikeAyiya(d, off, len)) return 'AYIYA';
  if (looksLikeTeredo(d, off, len)) return 'TEREDO';
  return undefined;
}

/** The analyzer name Zeek's weirds carry as their source, and services are named after. */
export function analyzerName(kind: UdpTunnelKind): string {
  return kind === 'GTPv1' ? 'GTPV1' : kind;
}

/** One bit per kind, for per-connection analyzer state. */
export function kindBit(kind: UdpTunnelKind): number {
  switch (kind) {
    case 'VXLAN': return 1;
    case 'GENEVE': return 2;
    case 'TEREDO': return 4;
    case 'AYIYA': return 8;
    case 'GTPv1': return 16;
    case 'GRE': return 32;
  }
}

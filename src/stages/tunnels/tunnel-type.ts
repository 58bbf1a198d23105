/**
 * Kinds of tunnel, named as Zeek's `Tunnel::Type` enum names them (tunnel.log writes
 * `Tunnel::<name>`; conn records carry them in their encapsulation chain).
 */
export type TunnelType =
  | 'IP'
  | 'GRE'
  | 'TEREDO'
  | 'AYIYA'
  | 'VXLAN'
  | 'GENEVE'
  | 'GTPv1'
  | 'HTTP'
  | 'SOCKS';

/** The enum value as Zeek's logs write it: `Tunnel::TEREDO`. */
export function tunnelTypeName(type: TunnelType): string {
  return `Tunnel::${type}`;
}

/**
 * The bounds and switches of tunnel decapsulation, named after Zeek's `Tunnel::` options,
 * with Zeek's defaults.
 */
export interface TunnelOptions {
  /**
   * Tunnels nested in one packet before decapsulation stops (Zeek's `Tunnel::max_depth`).
   * Protects against crafted tunnel-in-tunnel chains; hitting it raises
   * `exceeded_tunnel_max_depth` and, on a carrying connection, history `X`.
   */
  readonly maxDepth: number;
  /**
   * Seconds of network time an IP-in-IP or GRE tunnel may be idle before it is forgotten and
   * a later packet starts a new one with a new uid (Zeek's `Tunnel::ip_tunnel_timeout`).
   */
  readonly ipTunnelTimeout: number;
  /**
   * Times one connection's encapsulation may change (`tunnel_changed`); past it the change is
   * still tracked but not reported, with weird `tunnel_max_changes_per_connection_exceeded`
   * and history `X`. 0 reports every change. (Zeek's `Tunnel::max_changes_per_connection`.)
   */
  readonly maxChangesPerConnection: number;
  /** Confirm Teredo once both sides sent valid Teredo (`Tunnel::delay_teredo_confirmation`). */
  readonly delayTeredoConfirmation: boolean;
  /** Confirm GTPv1 only once both sides sent valid GTP (`Tunnel::delay_gtp_confirmation`). */
  readonly delayGtpConfirmation: boolean;
}

export const DEFAULT_TUNNEL_OPTIONS: TunnelOptions = {
  maxDepth: 4,
  ipTunnelTimeout: 24 * 60 * 60,
  maxChangesPerConnection: 5,
  delayTeredoConfirmation: true,
  delayGtpConfirmation: false,
};

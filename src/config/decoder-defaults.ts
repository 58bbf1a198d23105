/**
 * Every bound of the packet decoder, with its default. The decoder options name the same keys;
 * anything left out falls back to these values.
 */

/** Bounds of IPv4/IPv6 fragment reassembly. */
export interface FragmentLimits {
  /**
   * Payload bytes held across all datagrams waiting for their missing fragments. Protects
   * memory against floods of fragments that never complete. When exceeded, the oldest
   * datagrams are dropped (weird `ip_fragment_bytes_limit`).
   */
  readonly maxBytes: number;
  /**
   * Datagrams under reassembly at once. Protects the reassembly table against floods of
   * distinct fragment ids. When exceeded, the oldest datagram is dropped (weird
   * `ip_fragment_datagrams_limit`).
   */
  readonly maxDatagrams: number;
  /**
   * Seconds of network time a datagram may wait for its fragments, counted from its first
   * fragment (Zeek's `frag_timeout`, 5 min). Expiry drops it silently, as Zeek does.
   */
  readonly timeoutSeconds: number;
}

export const DEFAULT_FRAGMENT_LIMITS: FragmentLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDatagrams: 65_536,
  timeoutSeconds: 300,
};

/**
 * Link-layer headers (VLAN tags, MPLS labels, PPPoE, ...) walked before giving up on a packet.
 * Protects against crafted endless tag stacks; exceeding it raises
 * `max_packet_analyzer_depth_exceeded` as Zeek's analyzer depth limit does.
 */
export const DEFAULT_MAX_LINK_HEADERS = 16;

/**
 * Bytes of each extra Buffer the decoder appends to a batch to hold reassembled datagrams.
 * Several datagrams share one such Buffer, because the `buf` column can index only 256
 * Buffers per batch. A datagram larger than this gets a Buffer of its own size.
 */
export const DEFAULT_REASSEMBLY_ARENA_BYTES = 256 * 1024;

/**
 * Bounds of DNS analysis, with Zeek's defaults. Each protects against traffic that is not DNS
 * or that would make state grow: see config/default.yaml's `dns:` section.
 */
export interface DnsLimits {
  /** Compression pointers followed within one name before giving up on the rest of it. */
  readonly maxCompressionDepth: number;
  /** Questions in one message above which it is taken for non-DNS traffic (0: no limit). */
  readonly maxQueries: number;
  /** Seconds of network time a UDP DNS connection lives without traffic before expiry. */
  readonly sessionTimeout: number;
  /** Unmatched queries (or replies) kept per transaction id before they are logged as is. */
  readonly maxPendingMsgs: number;
  /** Transaction ids with unmatched messages kept before all of them are logged as is. */
  readonly maxPendingQueryIds: number;
}

export const DEFAULT_DNS_LIMITS: DnsLimits = {
  maxCompressionDepth: 20,
  maxQueries: 25,
  sessionTimeout: 10,
  maxPendingMsgs: 50,
  maxPendingQueryIds: 50,
};

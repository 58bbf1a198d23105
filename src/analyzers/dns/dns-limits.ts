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

/** The `dns:` section of the configuration (already checked against the defaults). */
export interface DnsConfigSection {
  readonly max_compression_depth: number;
  readonly max_queries: number;
  readonly session_timeout: number;
  readonly max_pending_msgs: number;
  readonly max_pending_query_ids: number;
}

export function dnsLimitsFromConfig(section: DnsConfigSection | undefined): DnsLimits {
  if (section === undefined) return DEFAULT_DNS_LIMITS;
  return {
    maxCompressionDepth: section.max_compression_depth,
    maxQueries: section.max_queries,
    sessionTimeout: section.session_timeout,
    maxPendingMsgs: section.max_pending_msgs,
    maxPendingQueryIds: section.max_pending_query_ids,
  };
}

/**
 * Which filter expression is in force, built as Zeek's PacketFilter framework builds it, and
 * the packet_filter.log record that says so.
 *
 * Zeek's rule: an explicit filter (`-f`) replaces everything. Otherwise the named capture
 * filters are ORed (or the default "ip or not ip" when there are none), the named restrict
 * filters are ANDed, each exclude becomes `not (...)` ANDed to those, then the capture part is
 * ANDed with the restrict part; an unrestricted filter is ORed in front and a restricted
 * filter ANDed in front of the result. Each combination wraps both sides in parentheses.
 */
import type { LogRecord, LogStreamSpec } from '../logging/log-stream.js';

/** Zeek's PacketFilter::default_capture_filter. */
export const DEFAULT_CAPTURE_FILTER = 'ip or not ip';

/** Zeek's peer_description outside a cluster: the `node` column of packet_filter.log. */
export const DEFAULT_NODE_NAME = 'zeek';

export interface PacketFilterConfig {
  /** Named filters of traffic to capture, ORed together. */
  readonly captureFilters?: Readonly<Record<string, string>>;
  /** Named filters every packet must pass, ANDed together. */
  readonly restrictFilters?: Readonly<Record<string, string>>;
  /** Named filters of traffic to drop; each is applied as `not (filter)`. */
  readonly excludes?: Readonly<Record<string, string>>;
  /** ORed in front of the built filter (Zeek's PacketFilter::unrestricted_filter). */
  readonly unrestrictedFilter?: string;
  /** ANDed in front of the built filter, e.g. `vlan` (Zeek's restricted_filter). */
  readonly restrictedFilter?: string;
  /** Used when there are no capture filters (default `DEFAULT_CAPTURE_FILTER`). */
  readonly defaultCaptureFilter?: string;
  /** The command-line filter (`-f`); when non-empty it is the filter, alone. */
  readonly override?: string;
}

/** Zeek's combine_filters: `(l) op (r)`, or the non-empty side alone. */
export function combineFilters(left: string, op: 'and' | 'or', right: string): string {
  if (left === '') return right;
  if (right === '') return left;
  return `(${left}) ${op} (${right})`;
}

/** The one expression in force for this configuration. */
export function buildFilterExpression(config: PacketFilterConfig): string {
  if (config.override !== undefined && config.override !== '') return config.override;

  const captures = Object.values(config.captureFilters ?? {});
  let capture =
    captures.length === 0 ? (config.defaultCaptureFilter ?? DEFAULT_CAPTURE_FILTER) : '';
  for (const cf of captures) capture = combineFilters(capture, 'or', cf);

  let restrict = '';
  for (const rf of Object.values(config.restrictFilters ?? {})) {
    restrict = combineFilters(restrict, 'and', rf);
  }
  for (const ex of Object.values(config.excludes ?? {})) {
    restrict = combineFilters(restrict, 'and', `not (${ex})`);
  }

  let filter = combineFilters(capture, 'and', restrict);
  if (config.unrestrictedFilter) filter = combineFilters(config.unrestrictedFilter, 'or', filter);
  if (config.restrictedFilter) filter = combineFilters(config.restrictedFilter, 'and', filter);
  return filter;
}

export const PACKET_FILTER_LOG: LogStreamSpec = {
  path: 'packet_filter',
  doc: 'The packet filter in force: one record each time a filter is installed.',
  fields: [
    {
      name: 'ts',
      type: 'time',
      doc: 'When the filter was installed: the wall clock at start-up, else network time.',
    },
    {
      name: 'node',
      type: 'string',
      optional: true,
      doc: 'Name of the node that installed the filter (`zeek` outside a cluster).',
    },
    { name: 'filter', type: 'string', doc: 'The filter expression installed.' },
    { name: 'init', type: 'bool', doc: 'True for the filter installed at start-up.' },
    { name: 'success', type: 'bool', doc: 'False when the filter could not be installed.' },
    {
      name: 'failure_reason',
      type: 'string',
      optional: true,
      doc: 'Why installing the filter failed; unset on success.',
    },
  ],
};

export interface PacketFilterEvent {
  readonly ts: number;
  readonly filter: string;
  readonly init: boolean;
  /** Unset on success. */
  readonly failureReason?: string;
  readonly node?: string;
}

export function packetFilterRecord(event: PacketFilterEvent): LogRecord {
  return {
    ts: event.ts,
    node: event.node ?? DEFAULT_NODE_NAME,
    filter: event.filter,
    init: event.init,
    success: event.failureReason === undefined,
    failure_reason: event.failureReason,
  };
}

/**
 * Zeek's current_time(): the wall clock in seconds, to the microsecond (Date.now() has only
 * milliseconds).
 */
export function currentTime(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

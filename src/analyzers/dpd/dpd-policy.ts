/**
 * Dynamic protocol detection's answer to a protocol violation, as Zeek's DPD scripts give it:
 * the analyzer that reported it is switched off for the connection, unless it is listed as
 * ignored or the connection already carried more than a set number of bytes; then
 * `analyzer_failed` is raised, and a confirmed analyzer's service leaves conn.log's service
 * (or, if so configured, stays and is added again with a "-" in front).
 */
import type { WirelogConfig } from '../../config/config.js';
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { Connection } from '../../stages/connection.js';
import { endpointSize } from '../conn/conn-log.js';

export interface DpdOptions {
  /** Analyzer names (any case) whose violations never switch them off. */
  readonly ignoreViolations: readonly string[];
  /** Payload bytes of both sides past which violations are ignored; 0 never ignores them. */
  readonly ignoreViolationsAfter: number;
  /** Keep a failed service and add "-NAME" to the services instead of removing it. */
  readonly trackRemovedServices: boolean;
  /** Violations handled per analyzer of a connection; later ones are dropped. */
  readonly maxAnalyzerViolations: number;
}

/** Zeek's defaults. */
export const DEFAULT_DPD_OPTIONS: DpdOptions = {
  ignoreViolations: [],
  ignoreViolationsAfter: 10240,
  trackRemovedServices: false,
  maxAnalyzerViolations: 1000,
};

export function dpdOptionsFrom(config: WirelogConfig): DpdOptions {
  const d = config.dpd;
  return {
    ignoreViolations: d.ignore_violations,
    ignoreViolationsAfter: d.ignore_violations_after,
    trackRemovedServices: d.track_removed_services_in_connection,
    maxAnalyzerViolations: d.max_analyzer_violations,
  };
}

export class DpdPolicy {
  private readonly ignored: ReadonlySet<string>;

  constructor(readonly options: DpdOptions = DEFAULT_DPD_OPTIONS) {
    this.ignored = new Set(options.ignoreViolations.map((n) => n.toUpperCase()));
  }

  /** Whether a violation `analyzer` (its name, e.g. `HTTP`) reports on `c` now counts. */
  counts(c: Connection, analyzer: string): boolean {
    if (this.ignored.has(analyzer.toUpperCase())) return false;
    const after = this.options.ignoreViolationsAfter;
    return after === 0 || endpointSize(c, true) + endpointSize(c, false) <= after;
  }

  /**
   * A failed analyzer's service: only a confirmed one is touched, and the analyzer is recorded
   * in the connection's failed analyzers, so a later failure of the same one changes nothing.
   */
  serviceFailed(c: Connection, analyzer: string): void {
    const service = analyzer.toLowerCase();
    const at = c.services.indexOf(service);
    if (at < 0) return;

    if (!this.options.trackRemovedServices) c.services.splice(at, 1);
    (c.failedAnalyzers ??= new Set()).add(analyzer);
    const removed = `-${service}`;
    if (this.options.trackRemovedServices && !c.services.includes(removed)) {
      c.services.push(removed);
    }
  }

  /** Applies failures to services after the handlers of `analyzer_failed` ran (analyzer.log). */
  register(events: EventBus<CoreEvents>): void {
    events.on('analyzer_failed', (_ts, c, analyzer) => this.serviceFailed(c, analyzer), -5);
  }
}

/**
 * How stages report surprising or malformed input. Every report adds one to a counter keyed by
 * the weird's name and may become a weird.log row (rows are rate-limited per name; counters
 * never are). Names follow Zeek's where Zeek has the same condition, otherwise
 * `<protocol>_<condition>` in snake_case.
 */
export interface WeirdReporter {
  /** A weird tied to no flow, e.g. an unreadable link header (`source` names the layer: `IP`). */
  netWeird(name: string, ts: number, addl?: string, source?: string): void;
  /**
   * A weird about a packet whose IP addresses are known but no connection exists yet. `source`
   * names the layer when Zeek names one (`IP`, `TCP`); weirds raised while walking IPv6
   * extension headers have none.
   */
  flowWeird(
    name: string,
    ts: number,
    src: string,
    dst: string,
    addl?: string,
    source?: string,
  ): void;
}

/** Connection-level reports, for stages that own connections. */
export interface ConnWeirdReporter extends WeirdReporter {
  /** A weird about an established connection; the row carries its uid and id. */
  connWeird(name: string, ts: number, conn: ConnRef, addl?: string, source?: string): void;
}

/** What a connection weird needs to know of its connection. */
export interface ConnRef {
  readonly uid: string;
  readonly origH: string;
  readonly origPort: number;
  readonly respH: string;
  readonly respPort: number;
}

/** A reporter that only counts; for unit tests and for stages used outside a pipeline. */
export class CountingWeirdReporter implements WeirdReporter {
  readonly counts = new Map<string, number>();

  netWeird(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  flowWeird(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
}

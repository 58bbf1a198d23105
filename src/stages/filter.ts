/**
 * The filter stage: drops the packets a pcap-filter expression rejects, compacting each batch
 * in place. Batches may mix link types (a pcapng file with several interfaces), so the
 * expression is compiled lazily once per link type and the matcher cached.
 *
 * Some expressions cannot be compiled for some link types (`vlan` on raw IP). tcpdump refuses
 * the whole file then; here only that link type's packets are dropped, and a weird says why,
 * because the other interfaces of the same capture may filter fine. Callers that want
 * tcpdump's behaviour call `check(linkType)` up front.
 */
import { Transform, type TransformCallback } from 'node:stream';

import type { WeirdReporter } from '../events/weird-reporter.js';
import { compileFilter, type CompiledFilter } from './bpf/compile-filter.js';
import { FilterCompileError } from './bpf/errors.js';
import type { MatchFunction } from './bpf/js-compiler.js';
import { parseFilter } from './bpf/parser.js';
import type { PacketBatch } from './packet-batch.js';

export interface FilterStageOptions {
  /** The pcap-filter expression; empty keeps every packet. */
  readonly expression: string;
  /** IPv4 netmask for `ip broadcast` (default 0, as tcpdump uses when reading files). */
  readonly netmask?: number;
  /** Told once per link type the expression cannot be compiled for. */
  readonly reporter?: WeirdReporter;
}

/** Weird raised when the expression does not compile for a link type seen in the input. */
export const FILTER_LINK_TYPE_WEIRD = 'packet_filter_unsupported_link_type';

const rejectAll: MatchFunction = () => false;
const acceptAll: MatchFunction = () => true;

export class PacketFilter {
  /** Packets seen and packets kept since construction. */
  seen = 0;
  kept = 0;

  private readonly matchers = new Map<number, MatchFunction>();
  private readonly failures = new Map<number, FilterCompileError>();
  private mask = new Uint8Array(0);

  /** Throws FilterSyntaxError at once when the expression does not parse. */
  constructor(private readonly options: FilterStageOptions) {
    if (!this.isEmpty()) parseFilter(options.expression);
  }

  /** The compiled filter for a link type; throws FilterCompileError as tcpdump would. */
  check(linkType: number): CompiledFilter {
    return compileFilter(this.options.expression, linkType, { netmask: this.options.netmask });
  }

  /** Why the expression failed to compile for a link type, if it did. */
  failureFor(linkType: number): FilterCompileError | undefined {
    return this.failures.get(linkType);
  }

  /** Keeps the packets the expression accepts, in order, by compacting `batch` in place. */
  filterBatch(batch: PacketBatch): void {
    const n = batch.count;
    const mask = this.maskFor(n);
    let lastType = -1;
    let match = rejectAll;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const linkType = batch.linkType[i];
      if (linkType !== lastType) {
        match = this.matcherFor(linkType, batch, i);
        lastType = linkType;
      }
      const buf = batch.buffers[batch.buf[i]];
      const keep = match(buf, batch.offset[i], batch.caplen[i], batch.wirelen[i]) ? 1 : 0;
      mask[i] = keep;
      kept += keep;
    }

    this.seen += n;
    this.kept += kept;
    if (kept !== n) batch.keep(mask);
  }

  private isEmpty(): boolean {
    return this.options.expression.trim() === '';
  }

  /** One mask array, grown to the largest batch seen and reused. */
  private maskFor(n: number): Uint8Array {
    if (this.mask.length < n) this.mask = new Uint8Array(n);
    return this.mask;
  }

  private matcherFor(linkType: number, batch: PacketBatch, i: number): MatchFunction {
    const cached = this.matchers.get(linkType);
    if (cached !== undefined) return cached;

    const match = this.compile(linkType, batch.time(i));
    this.matchers.set(linkType, match);
    return match;
  }

  private compile(linkType: number, ts: number): MatchFunction {
    if (this.isEmpty()) return acceptAll;
    try {
      return this.check(linkType).match;
    } catch (err) {
      if (!(err instanceof FilterCompileError)) throw err;
      this.failures.set(linkType, err);
      const rejectsAll = err.message === 'expression rejects all packets';
      if (!rejectsAll) this.reportFailure(linkType, err, ts);
      return rejectAll;
    }
  }

  private reportFailure(linkType: number, err: FilterCompileError, ts: number): void {
    const addl = `link type ${linkType}: ${err.message}`;
    this.options.reporter?.netWeird(FILTER_LINK_TYPE_WEIRD, ts, addl, 'filter');
  }
}

/**
 * A Transform of PacketBatch objects that drops rejected packets. Batches left empty are not
 * passed on.
 */
export function createFilterStage(opts: FilterStageOptions): Transform {
  const filter = new PacketFilter(opts);
  return new Transform({
    objectMode: true,
    transform(batch: PacketBatch, _enc: BufferEncoding, done: TransformCallback): void {
      filter.filterBatch(batch);
      done(null, batch.count > 0 ? batch : undefined);
    },
  });
}

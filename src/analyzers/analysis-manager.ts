/**
 * Attaches protocol analyzers to connections and feeds them: by the responder's well-known
 * port when the connection starts, or by content on its first payload. TCP payload goes through
 * per-direction reassembly first. Every analyzer call is guarded: an exception becomes a weird
 * and switches that analyzer off for that connection only. A protocol violation is answered once
 * the packet that showed it has been handled, as Zeek's event queue does: the DPD policy decides
 * whether the analyzer is switched off and its service dropped.
 */
import type { CoreEvents, EventBus } from '../events/event-bus.js';
import type { ConnWeirdReporter } from '../events/weird-reporter.js';
import type { LogManager } from '../logging/log-manager.js';
import { OutputError } from '../sinks/output-error.js';
import type { Connection } from '../stages/connection.js';
import { copyBytes } from '../stages/copy-bytes.js';
import { TcpReassembler, type StreamSink } from '../stages/tcp-reassembly.js';
import type { Analyzer, AnalyzerContext, AnalyzerSpec, Transport } from './analyzer.js';
import { bindAnalyzerScheduler, type AnalyzerScheduler } from './analyzer-scheduler.js';
import { DpdPolicy } from './dpd/dpd-policy.js';

export interface AnalysisLimits {
  /** Bytes held out of order per TCP direction before they are dropped as a gap. */
  readonly maxReassemblyBytes: number;
  /**
   * Announced connections held for scheduled analyzers; beyond it the oldest announcement
   * still in time is dropped with a weird (0: no limit).
   */
  readonly maxScheduledAnalyzers?: number;
}

/**
 * Room for every FTP data channel Zeek's default `FTP::max_expected_data_channels` (100000)
 * keeps and for IRC's DCC offers (5000 by default), so no announcement those bounds admit is
 * dropped here; config/default.yaml's `tracker.max_scheduled_analyzers` has the same value.
 */
export const DEFAULT_MAX_SCHEDULED_ANALYZERS = 110000;
/** Weird raised when an announcement still in time is dropped for room. */
const SCHEDULED_LIMIT_WEIRD = 'scheduled_analyzer_limit_reached';

export const DEFAULT_ANALYSIS_LIMITS: AnalysisLimits = { maxReassemblyBytes: 1048576 };

interface Attached {
  readonly spec: AnalyzerSpec;
  readonly analyzer: Analyzer;
  confirmed: boolean;
  removed: boolean;
  /** Whether `done` was called; it is called once, on removal or at the connection's end. */
  finished: boolean;
  /** Violations it reported, for the per-analyzer bound. */
  violations: number;
}

/** A violation waiting for the end of the packet that showed it. */
interface PendingViolation {
  readonly x: Attached;
  readonly reason: string;
  /** The offending bytes, copied, when the analyzer named them. */
  readonly data: Uint8Array | undefined;
}

/** What the connection tracker lets analyzers do to a connection's life. */
export interface ConnLifecycle {
  /** Runs `fire` at network time `due` unless the connection was removed before. */
  addTimer(conn: Connection, due: number, fire: (now: number) => void): void;
  /** Raises `connection_timeout` and removes the connection. */
  expire(conn: Connection): void;
}

/** Per-connection analysis state, kept on `Connection.analysis`. */
export class ConnAnalysis {
  readonly attached: Attached[] = [];
  /** Content detection still to run on the first payload of each direction. */
  detectPending = true;
  orig: TcpReassembler | undefined;
  resp: TcpReassembler | undefined;
  /** Relative sequence number of each direction's FIN, once seen. */
  finSeq: [number, number] = [-1, -1];
  /** Whether `endOfData` was already called for each direction. */
  ended: [boolean, boolean] = [false, false];
  now = 0;
  /** Violations reported while the current packet is handled, answered after it. */
  pending: PendingViolation[] | undefined;
}

/** A connection announced to come, and the analyzer it gets. */
interface Expectation {
  readonly spec: AnalyzerSpec;
  /** The only originator the announcement is for; any when undefined. */
  readonly origAddr: string | undefined;
  /** Network time after which the announcement no longer counts. */
  readonly expires: number;
}

export class AnalysisManager implements AnalyzerScheduler {
  private readonly byPort = new Map<string, AnalyzerSpec[]>();
  private readonly detectors: AnalyzerSpec[] = [];
  private readonly byName = new Map<string, AnalyzerSpec>();
  /** Announced connections by `transport/respH/respPort`, oldest first. */
  private readonly expected = new Map<string, Expectation>();
  private lifecycle: ConnLifecycle | undefined;

  constructor(
    specs: readonly AnalyzerSpec[],
    private readonly events: EventBus<CoreEvents>,
    private readonly logs: LogManager,
    private readonly weirds: ConnWeirdReporter,
    private readonly limits: AnalysisLimits = DEFAULT_ANALYSIS_LIMITS,
    private readonly dpd: DpdPolicy = new DpdPolicy(),
  ) {
    for (const spec of specs) {
      this.byName.set(spec.name, spec);
      if (spec.detect !== undefined) this.detectors.push(spec);
      for (const transport of spec.transports) {
        for (const port of spec.ports?.[transport] ?? []) {
          const key = `${transport}/${port}`;
          this.byPort.set(key, [...(this.byPort.get(key) ?? []), spec]);
        }
      }
    }
    bindAnalyzerScheduler(events, this);
    dpd.register(events);
  }

  scheduleAnalyzer(
    respAddr: string,
    respPort: number,
    transport: Transport,
    name: string,
    now: number,
    timeout: number,
    origAddr?: string,
  ): void {
    const spec = this.byName.get(name);
    if (spec === undefined) return;
    const expectation = { spec, origAddr, expires: now + timeout };
    this.expect(`${transport}/${respAddr}/${respPort}`, expectation, now);
  }

  /** Called by the tracker that owns the connections, so analyzers can set timers. */
  bindLifecycle(lifecycle: ConnLifecycle): void {
    this.lifecycle = lifecycle;
  }

  /** Whether any analyzer could ever run (lets the tracker skip all of this). */
  get enabled(): boolean {
    return this.byPort.size > 0 || this.detectors.length > 0;
  }

  /** A new connection: attach the analyzers of its responder port. */
  newConnection(conn: Connection): void {
    const transport = transportOf(conn);
    if (transport === undefined || !this.enabled) return;
    const analysis = new ConnAnalysis();
    conn.analysis = analysis;
    for (const spec of this.byPort.get(`${transport}/${conn.respPort}`) ?? []) {
      this.attach(conn, analysis, spec);
    }
    this.applyExpected(conn, analysis, transport);
    analysis.detectPending = this.detectors.length > 0;
  }

  /** Attaches the analyzer a previous connection announced for this one, if any. */
  private applyExpected(conn: Connection, a: ConnAnalysis, transport: Transport): void {
    if (this.expected.size === 0) return;
    const key = `${transport}/${conn.respH}/${conn.respPort}`;
    const e = this.expected.get(key);
    if (e === undefined) return;
    if (e.expires < conn.startTime) {
      this.expected.delete(key);
      return;
    }
    if (e.origAddr !== undefined && e.origAddr !== conn.origH) return;
    if (!a.attached.some((x) => x.spec === e.spec)) this.attach(conn, a, e.spec);
    this.events.emit('scheduled_analyzer_applied', conn, e.spec.name);
  }

  /**
   * Records an announcement made at network time `now`. Announcements whose time ran out are
   * dropped from the oldest on, so only a table full of live ones costs an announcement, and
   * that loss is a weird: its connection will come without the analyzer.
   */
  private expect(key: string, expectation: Expectation, now: number): void {
    const max = this.limits.maxScheduledAnalyzers ?? DEFAULT_MAX_SCHEDULED_ANALYZERS;
    this.expected.delete(key);
    // Oldest first; announcements usually share one timeout, so the stale ones lead.
    for (const [k, e] of this.expected) {
      if (e.expires >= now) break;
      this.expected.delete(k);
    }
    if (max > 0 && this.expected.size >= max) {
      const [oldestKey, oldest] = this.expected.entries().next().value!;
      this.expected.delete(oldestKey);
      this.weirds.netWeird(SCHEDULED_LIMIT_WEIRD, now, `${oldest.spec.name} limit=${max}`);
    }
    this.expected.set(key, expectation);
  }

  /** A UDP datagram's payload. */
  deliverPacket(conn: Connection, isOrig: boolean, data: Uint8Array, now: number): void {
    const a = conn.analysis;
    if (a === undefined || data.length === 0) return;
    a.now = now;
    if (a.detectPending) this.detect(conn, a, data, isOrig, 'udp');
    for (const x of a.attached) {
      if (!x.removed) this.guard(conn, x, () => x.analyzer.deliverPacket?.(isOrig, data));
    }
    this.settle(conn, a);
  }

  /**
   * A TCP segment's payload at relative sequence `relSeq`, all of it captured. Nothing is
   * reassembled once no analyzer is left on the connection.
   */
  deliverSegment(
    conn: Connection, isOrig: boolean, relSeq: number, data: Uint8Array, now: number,
  ): void {
    const a = conn.analysis;
    if (a === undefined || data.length === 0) return;
    a.now = now;
    if (a.detectPending) this.detect(conn, a, data, isOrig, 'tcp');
    if (!this.hasLive(a)) return;
    this.reassembler(conn, a, isOrig, relSeq).dataSent(relSeq, data);
    this.settle(conn, a);
  }

  /**
   * The peer acknowledged up to `relAck` of this direction at network time `now`: a gap this
   * reveals happens now, not when the direction last carried data.
   */
  ackReceived(conn: Connection, isOrig: boolean, relAck: number, now: number): void {
    const a = conn.analysis;
    const r = isOrig ? a?.orig : a?.resp;
    // Once no analyzer reads the stream, its bytes are no longer delivered: no gaps either.
    if (a === undefined || r === undefined || !this.hasLive(a)) return;
    a.now = now;
    // The FIN takes a sequence number but carries no byte: acknowledging it leaves no gap.
    const finSeq = a.finSeq[isOrig ? 0 : 1];
    r.ackReceived(finSeq >= 0 ? Math.min(relAck, finSeq) : relAck);
    this.settle(conn, a);
  }

  /**
   * A FIN at relative sequence `finSeq`: once the stream has been delivered up to it, the
   * analyzers hear that the direction ended (Zeek's EndpointEOF), before the connection ends.
   */
  finReceived(conn: Connection, isOrig: boolean, finSeq: number, now: number): void {
    const a = conn.analysis;
    if (a === undefined) return;
    a.now = now;
    a.finSeq[isOrig ? 0 : 1] = finSeq;
    this.checkEnd(conn, a, isOrig);
    this.settle(conn, a);
  }

  /** Calls `endOfData` once the direction's stream reached its FIN. */
  private checkEnd(conn: Connection, a: ConnAnalysis, isOrig: boolean): void {
    const k = isOrig ? 0 : 1;
    const finSeq = a.finSeq[k];
    if (finSeq < 0 || a.ended[k]) return;
    const r = isOrig ? a.orig : a.resp;
    if (r !== undefined && r.nextSeq < finSeq) return;
    this.endDirection(conn, a, isOrig);
  }

  private endDirection(conn: Connection, a: ConnAnalysis, isOrig: boolean): void {
    a.ended[isOrig ? 0 : 1] = true;
    for (const x of a.attached) {
      if (!x.removed) this.guard(conn, x, () => x.analyzer.endOfData?.(isOrig));
    }
  }

  /** The connection is being removed: flush reassembly and let analyzers finish. */
  remove(conn: Connection, now: number): void {
    const a = conn.analysis;
    if (a === undefined) return;
    a.now = now;
    for (const [isOrig, r] of [[true, a.orig], [false, a.resp]] as const) {
      if (this.hasLive(a)) r?.finish();
      if (!a.ended[isOrig ? 0 : 1]) this.endDirection(conn, a, isOrig);
    }
    // Violations of the last delivery are answered before conn.log is written.
    this.settle(conn, a);
    for (const x of a.attached) if (!x.removed) this.finish(conn, x);
    this.settle(conn, a);
    // The connection may outlive its removal (a file still open holds it); its analyzers and
    // buffered bytes need not.
    a.attached.length = 0;
    a.orig = undefined;
    a.resp = undefined;
  }

  private hasLive(a: ConnAnalysis): boolean {
    for (const x of a.attached) if (!x.removed) return true;
    return false;
  }

  private detect(
    conn: Connection, a: ConnAnalysis, data: Uint8Array, isOrig: boolean, t: Transport,
  ): void {
    a.detectPending = false;
    for (const spec of this.detectors) {
      if (!spec.transports.includes(t)) continue;
      if (a.attached.some((x) => x.spec === spec)) continue;
      if (spec.detect!(data, isOrig, t)) this.attach(conn, a, spec);
    }
  }

  private attach(conn: Connection, a: ConnAnalysis, spec: AnalyzerSpec): void {
    const entry = { spec, confirmed: false, removed: false, finished: false, violations: 0 } as Attached & {
      analyzer: Analyzer;
    };
    const ctx = this.context(conn, a, entry);
    try {
      (entry as { analyzer: Analyzer }).analyzer = spec.create(ctx);
      a.attached.push(entry);
    } catch (err) {
      this.weirds.connWeird('analyzer_error', a.now, conn, (err as Error).message, spec.name);
    }
  }

  private context(conn: Connection, a: ConnAnalysis, x: Attached): AnalyzerContext {
    return {
      conn,
      events: this.events,
      logs: this.logs,
      now: () => a.now,
      confirm: () => {
        if (x.confirmed) return;
        x.confirmed = true;
        const service = x.spec.name.toLowerCase();
        if (!conn.services.includes(service)) conn.services.push(service);
      },
      violation: (reason, data) => this.violation(conn, a, x, reason, data),
      weird: (name, addl) => this.weirds.connWeird(name, a.now, conn, addl, x.spec.name),
      partial: () => conn.markPartial(),
      flipRoles: () => {
        conn.flipRoles();
        [a.orig, a.resp] = [a.resp, a.orig];
        this.events.emit('connection_flipped', conn);
      },
      schedule: (due, fire) =>
        this.lifecycle?.addTimer(conn, due, (now) => {
          fire(now);
          this.settle(conn, a);
        }),
      expire: () => this.lifecycle?.expire(conn),
      scheduleAnalyzer: (respAddr, respPort, transport, name, timeout) =>
        this.scheduleAnalyzer(respAddr, respPort, transport, name, a.now, timeout),
      startChild: (name) => this.child(conn, a, name),
    };
  }

  /**
   * A child analyzer its parent feeds. Switched off after a violation, it hears nothing more
   * (the parent keeps calling it) and its service is handled as any analyzer's.
   */
  private child(conn: Connection, a: ConnAnalysis, name: string): Analyzer | undefined {
    const spec = this.byName.get(name);
    if (spec === undefined) return undefined;
    const entry = { spec, confirmed: false, removed: false, finished: false, violations: 0 } as Attached & {
      analyzer: Analyzer;
    };
    const inner = spec.create(this.context(conn, a, entry));
    entry.analyzer = inner;
    const live = () => !entry.removed;
    return {
      deliverStream: (isOrig, data) => live() && inner.deliverStream?.(isOrig, data),
      deliverPacket: (isOrig, data) => live() && inner.deliverPacket?.(isOrig, data),
      gap: (isOrig, length) => live() && inner.gap?.(isOrig, length),
      endOfData: (isOrig) => live() && inner.endOfData?.(isOrig),
      done: () => live() && this.finish(conn, entry),
    };
  }

  /**
   * Counts a violation and holds it until the packet has been handled. Past the per-analyzer
   * bound, one weird says so and later violations are dropped.
   */
  private violation(
    conn: Connection, a: ConnAnalysis, x: Attached, reason: string, data?: Uint8Array,
  ): void {
    const max = this.dpd.options.maxAnalyzerViolations;
    if (++x.violations > max) {
      if (x.violations === max + 1) {
        this.weirds.connWeird('too_many_analyzer_violations', a.now, conn, undefined, x.spec.name);
      }
      return;
    }
    const copy = data === undefined ? undefined : copyBytes(data);
    this.events.emit('analyzer_violation_info', conn, x.spec.name, reason, copy);
    (a.pending ??= []).push({ x, reason, data: copy });
  }

  /**
   * Answers the violations held for the packet just handled: unless the policy ignores them,
   * the analyzer is switched off (and finishes, as a removed analyzer does) and fails.
   */
  private settle(conn: Connection, a: ConnAnalysis): void {
    while (a.pending !== undefined) {
      const pending = a.pending;
      a.pending = undefined;
      for (const { x, reason, data } of pending) {
        const name = x.spec.name;
        if (!this.dpd.counts(conn, name)) continue;
        // An analyzer already gone still fails: its service goes all the same.
        if (!x.removed) {
          x.removed = true;
          this.finish(conn, x);
        }
        this.events.emit('analyzer_failed', a.now, conn, name, reason, data);
      }
    }
  }

  /** Lets the analyzer write what it still holds, once. */
  private finish(conn: Connection, x: Attached): void {
    if (x.finished) return;
    x.finished = true;
    this.guard(conn, x, () => x.analyzer.done?.());
  }

  /**
   * Runs one analyzer call; an exception switches that analyzer off for this connection. A
   * log that cannot be written (its records are written from the analyzer's events) is no
   * fault of the analyzer's: it ends the run.
   */
  private guard(conn: Connection, x: Attached, call: () => void): void {
    try {
      call();
    } catch (err) {
      if (err instanceof OutputError) throw err;
      x.removed = true;
      const a = conn.analysis!;
      this.weirds.connWeird('analyzer_error', a.now, conn, (err as Error).message, x.spec.name);
    }
  }

  private reassembler(
    conn: Connection, a: ConnAnalysis, isOrig: boolean, relSeq: number,
  ): TcpReassembler {
    const existing = isOrig ? a.orig : a.resp;
    if (existing !== undefined) return existing;
    // The direction is looked up per delivery: an analyzer may flip the roles later on.
    const sink = this.streamSink(conn, a, () => a.orig === r);
    const r: TcpReassembler = new TcpReassembler(sink, this.limits.maxReassemblyBytes);
    // Without the handshake, the stream starts with the first bytes seen.
    if (relSeq > 1 || relSeq < 1) r.startAt(relSeq);
    if (isOrig) a.orig = r;
    else a.resp = r;
    return r;
  }

  private streamSink(conn: Connection, a: ConnAnalysis, origSide: () => boolean): StreamSink {
    return {
      data: (chunk) => {
        const isOrig = origSide();
        for (const x of a.attached) {
          if (!x.removed) this.guard(conn, x, () => x.analyzer.deliverStream?.(isOrig, chunk));
        }
        this.checkEnd(conn, a, isOrig);
      },
      gap: (seq, length) => {
        const isOrig = origSide();
        this.events.emit('content_gap', conn, isOrig, seq, length);
        conn.gapLetter(isOrig);
        for (const x of a.attached) {
          if (!x.removed) this.guard(conn, x, () => x.analyzer.gap?.(isOrig, length));
        }
        this.checkEnd(conn, a, isOrig);
      },
      inconsistentOverlap: (seq, length) => {
        this.weirds.connWeird('TCP_inconsistent_overlap', a.now, conn, `${seq}/${length}`, 'TCP');
      },
      limitReached: (buffered, limit) => {
        this.weirds.connWeird('tcp_reassembly_limit_reached', a.now, conn,
          `buffered=${buffered} limit=${limit}`, 'TCP');
        conn.markPartial();
      },
    };
  }
}

function transportOf(conn: Connection): Transport | undefined {
  if (conn.proto === 'tcp') return 'tcp';
  if (conn.proto === 'udp') return 'udp';
  return undefined;
}

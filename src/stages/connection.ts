/**
 * A connection as the tracker keeps it: one object per flow, created on its first packet and
 * discarded when it is removed. Addresses are kept as copied bytes and turned into text only
 * when a record is written.
 */
import { formatIp } from './ip-address.js';
import type { ConnAnalysis } from '../analyzers/analysis-manager.js';
import type { TcpSession } from './tcp-session.js';
import type { Encapsulation } from './tunnels/encapsulating-conn.js';

export type TransportProto = 'tcp' | 'udp' | 'icmp' | 'unknown_transport';

/** Per-side counters shared by every transport. */
export class EndpointStats {
  /** Packets counted for `*_pkts`. */
  pkts = 0;
  /** IP-level bytes counted for `*_ip_bytes`. */
  ipBytes = 0;
  /** Payload bytes for UDP and ICMP (TCP derives its size from sequence numbers). */
  payloadBytes = 0;
  /** Whether this side sent anything that counts as activity (UDP, ICMP and others). */
  active = false;
  /** Counter and threshold of the logarithmic `C` letter for non-TCP checksum errors. */
  checksumCount = 0;
  checksumThreshold = 1;

  /**
   * Swaps what Zeek's UDP session keeps per side and never flips (payload sizes, activity,
   * checksum letters) with `other`: after a role flip those stay where they were, while packet
   * and IP byte counts move with the roles.
   */
  swapUdpSizes(other: EndpointStats): void {
    [this.payloadBytes, other.payloadBytes] = [other.payloadBytes, this.payloadBytes];
    [this.active, other.active] = [other.active, this.active];
    [this.checksumCount, other.checksumCount] = [other.checksumCount, this.checksumCount];
    [this.checksumThreshold, other.checksumThreshold] =
      [other.checksumThreshold, this.checksumThreshold];
  }
}

export class Connection {
  /** Network time of the first packet. */
  startTime: number;
  /** Network time of the last packet that counted as activity. */
  lastTime: number;
  history = '';
  /** Bit mask of history letters already recorded once (Zeek's `hist_seen`). */
  historySeen = 0;
  /** Confirmed protocols, in confirmation order (lower-case names). */
  readonly services: string[] = [];
  /**
   * Analyzers (by name) whose confirmed service was dropped after a protocol violation (Zeek's
   * `failed_analyzers`); undefined until one is.
   */
  failedAnalyzers: Set<string> | undefined;
  missedBytes = 0;
  /** Uids of enclosing tunnel connections, for tunnelled connections. */
  tunnelParents: string[] | undefined;
  /**
   * The tunnels this connection's packets come through, innermost last (Zeek's `c$tunnel`);
   * undefined when they come as they are. Changes raise `tunnel_changed`.
   */
  encapsulation: Encapsulation | undefined;
  /** Set when an analyzer or limit made analysis partial (history `X`). */
  analysisPartial = false;

  origStats = new EndpointStats();
  respStats = new EndpointStats();
  /** TCP state machine and endpoints; undefined for other transports. */
  tcp: TcpSession | undefined;

  /** Seconds of inactivity after which the connection is removed. */
  inactivityTimeout: number;
  /** Set once the connection has been removed; stale timers check it. */
  removed = false;
  /** Analyzers and reassembly attached to this connection, if any. */
  analysis: ConnAnalysis | undefined;
  /** Counters and thresholds of the logarithmic content-gap letters `G` and `g`. */
  private origGaps = 0;
  private origGapThreshold = 1;
  private respGaps = 0;
  private respGapThreshold = 1;

  /** Extra per-connection state that user handlers attach, by name (made on first use). */
  get extra(): Map<string, unknown> {
    return (this.extraState ??= new Map());
  }

  private extraState: Map<string, unknown> | undefined;

  constructor(
    readonly uid: string,
    /** Originator and responder addresses: 4 or 16 bytes each, owned copies. */
    public origAddr: Uint8Array,
    public origPort: number,
    public respAddr: Uint8Array,
    public respPort: number,
    readonly proto: TransportProto,
    readonly ipProto: number,
    readonly ipVersion: number,
    time: number,
    inactivityTimeout: number,
    /** The symmetric flow hash the tracker files this connection under. */
    readonly flowHash: number,
  ) {
    this.startTime = time;
    this.lastTime = time;
    this.inactivityTimeout = inactivityTimeout;
  }

  /** The originator's address as text; kept, since every log of the connection writes it. */
  get origH(): string {
    return (this.origText ??= formatIp(this.origAddr, 0, this.ipVersion));
  }

  get respH(): string {
    return (this.respText ??= formatIp(this.respAddr, 0, this.ipVersion));
  }

  private origText: string | undefined;
  private respText: string | undefined;

  /** Records `code` the first time a letter guarded by `mask` is seen; true if seen before. */
  checkHistory(mask: number, code: string): boolean {
    if ((this.historySeen & mask) !== 0) return true;
    this.historySeen |= mask;
    this.history += code;
    return false;
  }

  addHistory(code: string): void {
    this.history += code;
  }

  /** Swaps originator and responder, as when a capture starts with the server's reply. */
  flipRoles(): void {
    [this.origAddr, this.respAddr] = [this.respAddr, this.origAddr];
    [this.origText, this.respText] = [this.respText, this.origText];
    [this.origPort, this.respPort] = [this.respPort, this.origPort];
    [this.origStats, this.respStats] = [this.respStats, this.origStats];
    if (this.proto === 'udp') this.origStats.swapUdpSizes(this.respStats);
    [this.origGaps, this.respGaps] = [this.respGaps, this.origGaps];
    [this.origGapThreshold, this.respGapThreshold] = [this.respGapThreshold, this.origGapThreshold];
    this.tcp?.flipRoles();
    this.history += '^';
  }

  /** Marks analysis as partial (an analyzer or limit gave up): history `X`, once. */
  markPartial(): void {
    if (this.analysisPartial) return;
    this.analysisPartial = true;
    this.history += 'X';
  }

  /** A content gap in one direction: `G`/`g` at the 1st, 10th, 100th, ... gap. */
  gapLetter(isOrig: boolean): void {
    if (isOrig) {
      if (++this.origGaps !== this.origGapThreshold) return;
      this.origGapThreshold *= 10;
    } else {
      if (++this.respGaps !== this.respGapThreshold) return;
      this.respGapThreshold *= 10;
    }
    this.history += isOrig ? 'G' : 'g';
  }

  duration(): number {
    return this.lastTime - this.startTime;
  }
}

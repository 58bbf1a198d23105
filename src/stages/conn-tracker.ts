/**
 * The connection tracker: finds or creates the connection of every decoded packet, runs the
 * transport's state machine, counts packets and bytes, and removes connections on network-time
 * timers or at end of input. Removal raises `connection_state_remove`, where conn.log is written.
 */
import { Transform } from 'node:stream';

import type { AnalysisManager } from '../analyzers/analysis-manager.js';
import type { LikelyServerPorts } from '../analyzers/well-known-ports.js';
import type { CoreEvents, EventBus } from '../events/event-bus.js';
import type { ConnWeirdReporter } from '../events/weird-reporter.js';
import { AddressSlab } from './address-slab.js';
import { Connection, type EndpointStats, type TransportProto } from './connection.js';
import { ConnectionTable, sameAddress } from './connection-table.js';
import type { UidGenerator } from './conn-uid.js';
import { icmpConnPorts } from './icmp-ports.js';
import type { NetworkTimers } from './network-timers.js';
import { PacketBatch, PacketFlag, PacketStatus, TcpFlag } from './packet-batch.js';
import { tcpHeaderWeird } from './tcp-header.js';
import { windowScaleOption } from './tcp-options.js';
import { TcpSession, type Segment, type SessionHooks, type TcpEventName } from './tcp-session.js';
import { TimerKind, TimerQueue, type Timer } from './timer-queue.js';
import type { TunnelDecapsulator } from './tunnels/tunnel-decapsulator.js';

/** Timeouts in seconds of network time; names follow Zeek's options. */
export interface TrackerTimeouts {
  readonly tcpSynTimeout: number;
  readonly tcpSessionTimer: number;
  readonly tcpConnectionLinger: number;
  readonly tcpAttemptDelay: number;
  readonly tcpCloseDelay: number;
  readonly tcpInactivityTimeout: number;
  readonly udpInactivityTimeout: number;
  readonly icmpInactivityTimeout: number;
  readonly unknownIpInactivityTimeout: number;
}

export const DEFAULT_TIMEOUTS: TrackerTimeouts = {
  tcpSynTimeout: 5,
  tcpSessionTimer: 6,
  tcpConnectionLinger: 5,
  tcpAttemptDelay: 5,
  tcpCloseDelay: 5,
  tcpInactivityTimeout: 300,
  udpInactivityTimeout: 60,
  icmpInactivityTimeout: 60,
  unknownIpInactivityTimeout: 60,
};

export interface TrackerOptions {
  readonly events: EventBus<CoreEvents>;
  readonly weirds: ConnWeirdReporter;
  readonly uids: UidGenerator;
  readonly likelyServerPorts: LikelyServerPorts;
  readonly timeouts?: TrackerTimeouts;
  /** Protocol analyzers; without it, only connections are tracked. */
  readonly analysis?: AnalysisManager;
  /** Most connections held at once; past it the oldest idle one is removed early. */
  readonly maxConnections?: number;
  /** Tunnel decapsulation; without it, tunnelled packets are tracked as their outer packet. */
  readonly tunnels?: TunnelDecapsulator;
  /** Timers of no connection (the files framework's), run on the same clock. */
  readonly networkTimers?: NetworkTimers;
}

export const DEFAULT_MAX_CONNECTIONS = 1_000_000;

const UDP_HEADER_BYTES = 8;
const IGMP = 2;

/** UDP history bits (`hist_seen`). */
const HIST_ORIG_DATA = 0x1;
const HIST_RESP_DATA = 0x2;

export class ConnTracker implements SessionHooks {
  private readonly table = new ConnectionTable();
  private readonly addresses = new AddressSlab();
  private readonly timers = new TimerQueue<Connection>((c) => c.removed);
  private readonly timeouts: TrackerTimeouts;
  private readonly maxConnections: number;
  private connectionCount = 0;
  /** Network time: the timestamp of the latest packet. */
  private now = 0;
  /** Reused per packet so the TCP path allocates nothing. */
  private readonly segment: Segment = {
    flags: 0,
    seq: 0,
    ack: 0,
    window: 0,
    len: 0,
    windowScale: -1,
  };
  private limitWeirdRaised = false;

  constructor(private readonly options: TrackerOptions) {
    this.timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
    this.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    options.analysis?.bindLifecycle({
      addTimer: (conn, due, fire) => this.timers.add(due, TimerKind.Analyzer, conn, false, 0, fire),
      expire: (conn) => {
        this.options.events.emit('connection_timeout', conn);
        this.remove(conn);
      },
    });
  }

  get activeConnections(): number {
    return this.connectionCount;
  }

  /** Network time: the timestamp of the latest packet. */
  get networkTime(): number {
    return this.now;
  }

  /** Processes every decoded packet of the batch, in order. */
  processBatch(batch: PacketBatch): void {
    for (let i = 0; i < batch.count; i++) {
      if (batch.status[i] !== PacketStatus.Ok) continue;
      const t = batch.time(i);
      if (t > this.now) this.now = t;
      this.runTimers();
      const other = this.options.networkTimers;
      if (other !== undefined && this.now >= other.nextDue) other.advance(this.now);
      this.processRow(batch, i, this.now);
    }
    this.timers.sweep(this.connectionCount);
  }

  private runTimers(): void {
    for (
      let timer = this.timers.nextDue(this.now);
      timer !== undefined;
      timer = this.timers.nextDue(this.now)
    ) {
      this.fire(timer);
    }
  }

  private fire(timer: Timer<Connection>): void {
    const conn = timer.target;
    switch (timer.kind) {
      case TimerKind.Inactivity:
        this.inactivityTimer(conn, timer.timeout);
        return;
      case TimerKind.TcpExpire:
        this.expireTimer(conn);
        return;
      case TimerKind.TcpAttempt:
        this.attemptTimer(conn);
        return;
      case TimerKind.TcpClose:
        this.remove(conn);
        return;
      case TimerKind.Analyzer:
        timer.callback!(this.now);
        return;
    }
  }

  /** End of input: runs the timers that must still run, then removes every connection. */
  flush(): void {
    for (const timer of this.timers.drainAtEnd()) this.fire(timer);
    for (const conn of this.table.all()) this.remove(conn);
    this.options.networkTimers?.drainAtEnd();
  }

  /**
   * Tracks the packet of row `i`, and then, as long as it carries a tunnel, the packet inside:
   * each layer counts for its own connection, as in Zeek.
   */
  private processRow(batch: PacketBatch, i: number, t: number): void {
    const tunnels = this.options.tunnels;
    if (tunnels === undefined) {
      this.processPacket(batch, i, t);
      return;
    }
    tunnels.beginRow(t);
    for (let inner = true; inner;) {
      if (tunnels.carriesIp(batch, i)) {
        inner = tunnels.decapsulateIp(batch, i);
      } else {
        const carrier = this.processPacket(batch, i, t);
        inner = carrier !== undefined && tunnels.decapsulateUdp(carrier, batch, i);
      }
    }
    tunnels.endRow(batch, i);
  }

  /** Returns the connection of a UDP datagram that may carry a tunnel, else undefined. */
  private processPacket(batch: PacketBatch, i: number, t: number): Connection | undefined {
    // Zeek hands IGMP to a packet analyzer of its own, which keeps no connection.
    if (batch.ipProto[i] === IGMP) return undefined;
    const proto = transportOf(batch.ipProto[i]);
    const data = batch.data(i);
    const l3 = batch.offset[i] + batch.l3Offset[i];
    const v6 = batch.ipVersion[i] === 6;
    const src = v6 ? l3 + 8 : l3 + 12;
    const dst = v6 ? l3 + 24 : l3 + 16;
    const alen = v6 ? 16 : 4;

    let sport = batch.srcPort[i];
    let dport = batch.dstPort[i];
    let oneWay = false;
    if (proto === 'icmp') {
      const ports = icmpConnPorts(batch.ipProto[i], sport, dport);
      sport = ports.srcPort;
      dport = ports.dstPort;
      oneWay = ports.oneWay;
    } else if (proto === 'unknown_transport') {
      sport = dport = 0;
    }

    const hash = flowKeyHash(data, src, dst, alen, sport, dport, batch.ipProto[i]);
    let conn = this.table.find(hash, data, src, dst, alen, sport, dport, batch.ipProto[i], oneWay);
    if (conn?.tcp !== undefined && this.isReuse(conn, batch, i, t)) {
      this.remove(conn);
      conn = undefined;
    }
    if (conn === undefined) {
      conn = this.create(batch, i, t, proto, hash, data, src, dst, alen, sport, dport);
    } else {
      this.options.tunnels?.checkEncapsulation(conn);
    }

    const isOrig = sameAddress(conn.origAddr, data, src, alen) && conn.origPort === sport;
    if ((batch.flags[i] & PacketFlag.BadL4Header) !== 0) {
      // The ports were readable, so the connection exists, but the segment is unusable.
      this.connWeird(conn, tcpHeaderWeird(batch, i), 'TCP');
      return undefined;
    }
    if (proto === 'udp') return this.deliverUdp(conn, batch, i, isOrig, t) ? conn : undefined;
    if (proto === 'tcp') this.deliverTcp(conn, batch, i, isOrig, t);
    else this.deliverOther(conn, batch, i, isOrig, t);
    return undefined;
  }

  private create(
    batch: PacketBatch,
    i: number,
    t: number,
    proto: TransportProto,
    hash: number,
    data: Buffer,
    src: number,
    dst: number,
    alen: number,
    sport: number,
    dport: number,
  ): Connection {
    if (this.connectionCount >= this.maxConnections) this.evictOldest();

    const conn = new Connection(
      this.options.uids.next('C'),
      this.addresses.copy(data, src, alen),
      sport,
      this.addresses.copy(data, dst, alen),
      dport,
      proto,
      batch.ipProto[i],
      batch.ipVersion[i],
      t,
      this.initialTimeout(proto),
      hash,
    );
    if (proto === 'tcp') {
      conn.tcp = new TcpSession(conn);
      this.timers.add(t + this.timeouts.tcpSynTimeout, TimerKind.TcpExpire, conn);
    }
    if (this.shouldFlip(proto, sport, dport, batch.tcpFlags[i]) && !isBroadcast(conn.respAddr)) {
      conn.flipRoles();
    }

    this.table.add(conn);
    this.connectionCount++;

    this.armInactivity(conn);
    this.options.tunnels?.attach(conn);
    this.options.analysis?.newConnection(conn);
    this.options.events.emit('new_connection', conn);
    return conn;
  }

  /** Zeek's guess at the true responder when the first packet is not a SYN. */
  private shouldFlip(proto: TransportProto, sport: number, dport: number, flags: number): boolean {
    const likely = this.options.likelyServerPorts;
    if (proto === 'udp') return likely.isUdp(sport) && !likely.isUdp(dport);
    if (proto !== 'tcp') return false;

    const startsWithSyn = (flags & TcpFlag.SYN) !== 0 && (flags & TcpFlag.ACK) === 0;
    if (startsWithSyn || !likely.isTcp(sport)) return false;
    // Both ports plausible: flip only for a non-SYN packet towards the higher port. A SYN-ACK
    // is never flipped here, since stealth scans send those.
    if (likely.isTcp(dport)) return (flags & TcpFlag.SYN) === 0 && sport < dport;
    return true;
  }

  private initialTimeout(proto: TransportProto): number {
    const t = this.timeouts;
    if (proto === 'tcp' || proto === 'udp') return t.udpInactivityTimeout;
    return proto === 'icmp' ? t.icmpInactivityTimeout : t.unknownIpInactivityTimeout;
  }

  private isReuse(conn: Connection, batch: PacketBatch, i: number, t: number): boolean {
    const linger = this.timeouts.tcpConnectionLinger;
    return conn.tcp!.isReuse(batch.tcpFlags[i], batch.seq[i], t, linger, this);
  }

  private deliverTcp(conn: Connection, batch: PacketBatch, i: number, isOrig: boolean, t: number) {
    const tcp = conn.tcp!;
    if ((batch.flags[i] & PacketFlag.BadL4Checksum) !== 0) {
      this.connWeird(conn, 'bad_TCP_checksum', 'TCP');
      const e = isOrig ? tcp.orig : tcp.resp;
      if (++e.checksumCount === e.checksumThreshold) {
        e.checksumThreshold *= 10;
        conn.addHistory(isOrig ? 'C' : 'c');
      }
      return;
    }

    const s = this.segment;
    s.flags = batch.tcpFlags[i];
    s.seq = batch.seq[i];
    s.ack = batch.ack[i];
    s.window = batch.window[i];
    s.len = batch.payloadWireLen[i];
    s.windowScale = (s.flags & TcpFlag.SYN) !== 0 ? windowScaleOption(batch, i) : -1;
    const flipped = tcp.process(isOrig, s, t, this);
    if (flipped) {
      isOrig = !isOrig;
      this.options.events.emit('connection_flipped', conn);
    }
    count(isOrig ? conn.origStats : conn.respStats, batch.ipLen[i]);
    if (conn.analysis !== undefined) this.analyzeSegment(conn, batch, i, isOrig, t);
  }

  /** Hands a segment's payload to reassembly, after the acknowledgement it carries. */
  private analyzeSegment(
    conn: Connection,
    batch: PacketBatch,
    i: number,
    isOrig: boolean,
    t: number,
  ) {
    const tcp = conn.tcp!;
    const analysis = this.options.analysis!;
    const flags = batch.tcpFlags[i];
    if ((flags & TcpFlag.ACK) !== 0 && tcp.relAck > 0) {
      // The acknowledged side's FIN takes a sequence number that carries no stream data.
      const acked = isOrig ? tcp.resp : tcp.orig;
      const ack = acked.finCount > 0 ? Math.min(tcp.relAck, acked.finSeq - 1) : tcp.relAck;
      analysis.ackReceived(conn, !isOrig, ack, t);
    }

    const len = batch.payloadWireLen[i];
    const fin = (flags & TcpFlag.FIN) !== 0 && (flags & TcpFlag.RST) === 0 && !tcp.seqUnderflow;
    if (len === 0 || (flags & TcpFlag.RST) !== 0 || tcp.seqUnderflow) {
      if (fin) analysis.finReceived(conn, isOrig, tcp.relDataSeq + len, t);
      return;
    }
    if (batch.payloadLen[i] < len) {
      this.connWeird(conn, 'truncated_tcp_payload', 'TCP');
      return;
    }
    const start = batch.offset[i] + batch.payloadOffset[i];
    const payload = batch.data(i).subarray(start, start + len);
    analysis.deliverSegment(conn, isOrig, tcp.relDataSeq, payload, t);
    if (fin) analysis.finReceived(conn, isOrig, tcp.relDataSeq + len, t);
  }

  /**
   * Accounts for a datagram; false if its checksum was bad. Zeek counts packets and IP bytes
   * only for datagrams past the checksum check.
   */
  private deliverUdp(
    conn: Connection,
    batch: PacketBatch,
    i: number,
    isOrig: boolean,
    t: number,
  ): boolean {
    const stats = isOrig ? conn.origStats : conn.respStats;
    if ((batch.flags[i] & PacketFlag.BadL4Checksum) !== 0) {
      // Zeek drops the datagram before its packet counter sees it.
      this.connWeird(conn, 'bad_UDP_checksum', 'UDP');
      if (++stats.checksumCount === stats.checksumThreshold) {
        stats.checksumThreshold *= 10;
        conn.addHistory(isOrig ? 'C' : 'c');
      }
      return false;
    }

    // Sizes come from the UDP length field, as Zeek counts them, even when it disagrees with IP.
    const udpLen = batch.data(i).readUInt16BE(batch.offset[i] + batch.l4Offset[i] + 4);
    const ipClaimed = batch.payloadWireLen[i] + UDP_HEADER_BYTES;
    if (udpLen !== ipClaimed) {
      this.connWeird(conn, 'UDP_datagram_length_mismatch', 'UDP', `${udpLen} != ${ipClaimed}`);
    }
    conn.lastTime = t;
    conn.checkHistory(isOrig ? HIST_ORIG_DATA : HIST_RESP_DATA, isOrig ? 'D' : 'd');
    stats.payloadBytes += udpLen - UDP_HEADER_BYTES;
    stats.active = true;

    if (conn.analysis !== undefined) {
      const start = batch.offset[i] + batch.payloadOffset[i];
      const captured = Math.min(batch.payloadLen[i], batch.payloadWireLen[i]);
      const payload = batch.data(i).subarray(start, start + captured);
      this.options.analysis!.deliverPacket(conn, isOrig, payload, t);
    }
    // Counted after the analyzers, as Zeek's packet counter sees the datagram: when an analyzer
    // flips the roles on it (NTP), it stays counted on the side it arrived as.
    count(isOrig ? conn.origStats : conn.respStats, batch.ipLen[i]);
    return true;
  }

  /** ICMP and other IP protocols: activity, sizes and counts only. */
  private deliverOther(
    conn: Connection,
    batch: PacketBatch,
    i: number,
    isOrig: boolean,
    t: number,
  ) {
    if ((batch.flags[i] & PacketFlag.BadL4Checksum) !== 0) {
      this.connWeird(conn, 'bad_ICMP_checksum', 'ICMP');
      return;
    }
    const stats = isOrig ? conn.origStats : conn.respStats;
    conn.lastTime = t;
    stats.payloadBytes += batch.payloadWireLen[i];
    stats.active = true;
    count(stats, batch.ipLen[i]);
  }

  // SessionHooks: what the TCP state machine asks of the tracker.

  weird(conn: Connection, name: string, endpointLevel?: boolean, addl?: string): void {
    this.connWeird(conn, name, endpointLevel ? undefined : 'TCP', addl);
  }

  handshakeDone(conn: Connection): void {
    this.setInactivityTimeout(conn, this.timeouts.tcpInactivityTimeout);
  }

  armAttemptTimer(conn: Connection): void {
    this.timers.add(this.now + this.timeouts.tcpAttemptDelay, TimerKind.TcpAttempt, conn, true);
  }

  closeComplete(conn: Connection): void {
    this.timers.add(conn.lastTime + this.timeouts.tcpCloseDelay, TimerKind.TcpClose, conn);
  }

  armExpireTimer(conn: Connection): void {
    this.timers.add(conn.lastTime + this.timeouts.tcpSessionTimer, TimerKind.TcpExpire, conn);
  }

  event(conn: Connection, name: TcpEventName): void {
    this.options.events.emit(name, conn);
  }

  private armInactivity(conn: Connection): void {
    const timeout = conn.inactivityTimeout;
    this.timers.add(conn.lastTime + timeout, TimerKind.Inactivity, conn, false, timeout);
  }

  /** Removes an idle connection, or re-arms for its last activity. */
  private inactivityTimer(conn: Connection, timeout: number): void {
    if (conn.inactivityTimeout !== timeout) return;
    if (conn.lastTime + timeout <= this.now) {
      this.options.events.emit('connection_timeout', conn);
      this.remove(conn);
    } else {
      this.armInactivity(conn);
    }
  }

  private setInactivityTimeout(conn: Connection, timeout: number): void {
    if (conn.inactivityTimeout === timeout) return;
    conn.inactivityTimeout = timeout;
    this.armInactivity(conn);
  }

  /** An originator SYN still unanswered after the attempt delay. */
  private attemptTimer(conn: Connection): void {
    const tcp = conn.tcp!;
    if (!tcp.isActive) return;
    const origTrying = tcp.orig.state === 'syn_sent' || tcp.orig.state === 'syn_ack_sent';
    if (!origTrying || tcp.resp.state !== 'inactive') return;
    this.options.events.emit('connection_attempt', conn);
    tcp.isActive = false;
    this.remove(conn);
  }

  /** Periodic check of a TCP connection: remove it once it is idle and (half) closed. */
  private expireTimer(conn: Connection): void {
    const tcp = conn.tcp!;
    if (!tcp.isActive) return;
    const { orig, resp } = tcp;
    if (conn.lastTime + this.timeouts.tcpConnectionLinger < this.now) {
      const someClosed = orig.didClose || resp.didClose;
      const finished =
        (orig.didClose && resp.didClose) ||
        orig.state === 'reset' ||
        resp.state === 'reset' ||
        orig.state === 'inactive' ||
        resp.state === 'inactive';
      const nothingHappened = orig.state === 'inactive' && resp.state === 'inactive';
      if ((someClosed && finished) || nothingHappened) {
        this.options.events.emit('connection_timeout', conn);
        tcp.isActive = false;
        this.remove(conn);
        return;
      }
    }
    this.timers.add(this.now + this.timeouts.tcpSessionTimer, TimerKind.TcpExpire, conn);
  }

  private remove(conn: Connection): void {
    if (conn.removed) return;
    conn.removed = true;
    this.table.delete(conn);
    this.connectionCount--;
    this.options.analysis?.remove(conn, this.now);
    this.options.events.emit('connection_state_remove', conn);
  }

  /** The table is full: remove the connection idle the longest, and say so once. */
  private evictOldest(): void {
    const oldest = this.table.leastRecentlyActive();
    if (oldest === undefined) return;
    if (!this.limitWeirdRaised) {
      this.limitWeirdRaised = true;
      this.connWeird(oldest, 'conn_table_limit_reached', undefined, `limit=${this.maxConnections}`);
    }
    oldest.markPartial();
    this.remove(oldest);
  }

  private connWeird(conn: Connection, name: string, source?: string, addl?: string): void {
    this.options.weirds.connWeird(name, this.now, conn, addl, source);
  }
}

function count(stats: EndpointStats, ipLen: number): void {
  stats.pkts++;
  stats.ipBytes += ipLen;
}

function transportOf(ipProto: number): TransportProto {
  if (ipProto === 6) return 'tcp';
  if (ipProto === 17) return 'udp';
  if (ipProto === 1 || ipProto === 58) return 'icmp';
  return 'unknown_transport';
}

function isBroadcast(addr: Uint8Array): boolean {
  return (
    addr.length === 4 && addr[0] === 255 && addr[1] === 255 && addr[2] === 255 && addr[3] === 255
  );
}

/**
 * A hash of the connection key that is the same for both directions. It is a signed 32-bit
 * value so that V8 keeps it (and the connection's `flowHash`) as a small integer, unboxed.
 */
function flowKeyHash(
  data: Buffer,
  src: number,
  dst: number,
  alen: number,
  sport: number,
  dport: number,
  p: number,
): number {
  let hs = 0x811c9dc5;
  let hd = 0x811c9dc5;
  for (let k = 0; k < alen; k++) {
    hs = Math.imul(hs ^ data[src + k], 0x01000193);
    hd = Math.imul(hd ^ data[dst + k], 0x01000193);
  }
  hs = Math.imul(hs ^ sport, 0x01000193);
  hd = Math.imul(hd ^ dport, 0x01000193);
  return ((hs ^ hd) + Math.imul(p, 0x9e3779b1)) | 0;
}

/** The tracker as a pipeline stage: batches pass through unchanged after tracking. */
export function createConnTrackerStage(tracker: ConnTracker): Transform {
  return new Transform({
    objectMode: true,
    transform(batch: PacketBatch, _enc, done) {
      tracker.processBatch(batch);
      done(null, batch);
    },
    flush(done) {
      tracker.flush();
      done();
    },
  });
}

/**
 * The TCP state machine of one connection, following Zeek's semantics so that conn_state,
 * history and byte counts agree with Zeek's conn.log: endpoint states driven by flags, sequence
 * tracking for sizes, the history letters, and the close and timeout decisions.
 */
import type { Connection } from './connection.js';
import { TcpFlag } from './packet-batch.js';
import { seqDelta, TcpEndpoint, type TcpEndpointState } from './tcp-endpoint.js';

/** Sequence jumps larger than this are not trusted on SYN and RST packets. */
const TOO_LARGE_SEQ_DELTA = 1048576;

/** History bits (`hist_seen`); the responder's are these shifted left by 16. */
const HIST = { SYN: 0x1, FIN: 0x2, RST: 0x4, FIN_RST: 0x8, ACK: 0x10, DATA: 0x20, MULTI: 0x40 };

/** One TCP segment as the state machine needs it. */
export interface Segment {
  flags: number;
  seq: number;
  ack: number;
  window: number;
  /** Payload length the IP header implies. */
  len: number;
  /** Window scale option of a SYN, -1 if absent (only read for SYNs). */
  windowScale: number;
}

/** RFC 7323 caps the window scale shift at 14. */
const MAX_WINDOW_SCALE = 14;

/** The TCP events the state machine raises. */
export type TcpEventName =
  | 'connection_established'
  | 'connection_rejected'
  | 'connection_finished'
  | 'connection_half_finished'
  | 'connection_reset'
  | 'partial_connection';

/** What the tracker must do after a segment; one object serves every connection. */
export interface SessionHooks {
  /**
   * Reports a connection weird. `endpointLevel` marks the ones Zeek raises on the connection
   * itself rather than through the TCP analyzer, which log no `source`.
   */
  weird(c: Connection, name: string, endpointLevel?: boolean, addl?: string): void;
  /** The connection's inactivity timeout should become the established-TCP one. */
  handshakeDone(c: Connection): void;
  /** An originator SYN arrived: arm the attempt timer. */
  armAttemptTimer(c: Connection): void;
  /** Both sides are done: remove the connection after the close delay. */
  closeComplete(c: Connection): void;
  /** One side closed and the other still may: re-check later. */
  armExpireTimer(c: Connection): void;
  event(c: Connection, name: TcpEventName): void;
}

export class TcpSession {
  orig = new TcpEndpoint(true);
  resp = new TcpEndpoint(false);
  /** False once the connection finished, reset or timed out (Zeek's `is_active`). */
  isActive = true;
  isPartial = false;
  private firstPacketSeen = 0;
  private didWeird = false;
  /** Relative sequence of the current segment's first data byte, for reassembly. */
  relDataSeq = 0;
  /** Relative acknowledgement of the current segment (of the peer's data), 0 if none. */
  relAck = 0;
  /** The current segment's sequence number fell before the stream's start. */
  seqUnderflow = false;
  /** Outcome of the state machine for the current segment: report a close, raise an event. */
  private doClose = false;
  private genEvent = false;

  constructor(private readonly conn: Connection) {
    this.orig.peer = this.resp;
    this.resp.peer = this.orig;
  }

  flipRoles(): void {
    [this.orig, this.resp] = [this.resp, this.orig];
    this.orig.isOrig = true;
    this.resp.isOrig = false;
    const seen = this.firstPacketSeen;
    this.firstPacketSeen = ((seen & 1) !== 0 ? 2 : 0) | ((seen & 2) !== 0 ? 1 : 0);
    this.isPartial = false;
  }

  bothClosed(): boolean {
    return this.orig.didClose && this.resp.didClose;
  }

  /**
   * Runs one segment through the state machine. Returns whether the originator changed
   * (the connection flipped), so the caller can correct its notion of direction.
   */
  process(isOrig: boolean, s: Segment, t: number, hooks: SessionHooks): boolean {
    const origBefore = this.orig;
    const endpoint = isOrig ? this.orig : this.resp;
    const peer = endpoint.peer;
    const f = s.flags;

    this.setPartialStatus(f, endpoint.isOrig);
    const segLen = segmentLength(s.len, f);
    const pastSegment = (s.seq + segLen) >>> 0;
    this.initEndpoint(endpoint, f, s.seq, pastSegment, t, hooks);

    const relSeq = endpoint.relativeSeq(s.seq, endpoint.lastSeq, endpoint.seqWraps);
    const underflow = endpoint.underflow;
    if (underflow && (f & TcpFlag.RST) === 0)
      hooks.weird(this.conn, 'TCP_seq_underflow_or_misorder');
    this.seqUnderflow = underflow;
    this.relDataSeq = (f & TcpFlag.SYN) !== 0 ? relSeq + 1 : relSeq;
    this.relAck = 0;

    this.updateHistory(f, endpoint, relSeq, s.len, hooks);
    updateWindow(endpoint, s.window, s.seq, s.ack, f, this.conn, hooks);
    if (!this.orig.didClose || !this.resp.didClose) this.conn.lastTime = t;
    if ((f & TcpFlag.SYN) !== 0) this.initWindow(endpoint, peer, s, hooks);

    if ((f & TcpFlag.FIN) !== 0) {
      endpoint.finCount++;
      endpoint.finSeq = relSeq + segLen;
    }
    if ((f & TcpFlag.RST) !== 0) endpoint.rstCount++;
    if ((f & TcpFlag.ACK) !== 0) this.processAck(endpoint, peer, f, s.ack, hooks);

    const deltaLast = updateLastSeq(endpoint, pastSegment, f, s.len, this.conn);
    endpoint.lastTime = t;
    this.doClose = this.genEvent = false;
    this.updateStateMachine(endpoint, peer, s, deltaLast, isOrig, hooks);

    this.markFirstPacket(isOrig);
    if (this.doClose) this.connectionClosed(endpoint, peer, this.genEvent, hooks);
    return origBefore !== this.orig;
  }

  private setPartialStatus(f: number, isOrig: boolean): void {
    if (isOrig) {
      if ((this.firstPacketSeen & 1) === 0) {
        this.isPartial = (f & TcpFlag.SYN) === 0 || (f & TcpFlag.ACK) !== 0;
      }
    } else if ((this.firstPacketSeen & 2) === 0 && !this.isPartial) {
      this.isPartial = (f & TcpFlag.SYN) === 0;
    }
  }

  private markFirstPacket(isOrig: boolean): void {
    this.firstPacketSeen |= isOrig ? 1 : 2;
  }

  private initEndpoint(
    e: TcpEndpoint,
    f: number,
    firstSeq: number,
    lastSeq: number,
    t: number,
    hooks: SessionHooks,
  ): void {
    const syn = (f & TcpFlag.SYN) !== 0;
    switch (e.state) {
      case 'inactive':
        if (syn) {
          e.initAckSeq(firstSeq);
          e.initStartSeq(firstSeq);
        } else {
          // No SYN seen: number the stream as if there had been one, so relative sequence
          // numbers stay consistent; and do not count this first packet as a retransmission.
          e.initAckSeq(firstSeq - 1);
          e.initStartSeq(firstSeq - 1);
          lastSeq = firstSeq;
        }
        e.initLastSeq(lastSeq);
        e.lastTime = t;
        return;
      case 'syn_sent':
      case 'syn_ack_sent':
        if (syn && firstSeq >>> 0 !== e.startSeq) {
          hooks.weird(this.conn, 'SYN_seq_jump', true);
          restartSequence(e, firstSeq, lastSeq);
        }
        return;
      case 'established':
      case 'partial':
        if (!syn) return;
        if (e.size() > 0) hooks.weird(this.conn, 'SYN_inside_connection', true);
        if (firstSeq >>> 0 !== e.startSeq) hooks.weird(this.conn, 'SYN_seq_jump', true);
        restartSequence(e, firstSeq, lastSeq);
        return;
      case 'reset':
        // A SYN after a RST that came first may mean the RST was injected: start over.
        if (syn && e.prevState === 'inactive') restartSequence(e, firstSeq, lastSeq);
        return;
      default:
        return;
    }
  }

  private updateHistory(
    f: number,
    e: TcpEndpoint,
    relSeq: number,
    len: number,
    hooks: SessionHooks,
  ): void {
    const syn = (f & TcpFlag.SYN) !== 0;
    const fin = (f & TcpFlag.FIN) !== 0;
    const rst = (f & TcpFlag.RST) !== 0;
    const bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);

    if (bits > 1) {
      if (fin && rst) this.check(e, HIST.FIN_RST, 'I', hooks);
      else this.check(e, HIST.MULTI, 'Q', hooks);
      return;
    }
    if (syn) {
      const code = (f & TcpFlag.ACK) !== 0 ? 'H' : 'S';
      if (this.check(e, HIST.SYN, code, hooks) && relSeq !== e.histLastSyn) this.add(e, code);
      e.histLastSyn = relSeq;
    } else if (fin) {
      // A FIN's sequence number counts from the end of the data it carries.
      if (this.check(e, HIST.FIN, 'F', hooks) && relSeq + len !== e.histLastFin) this.add(e, 'F');
      e.histLastFin = relSeq + len;
    } else if (rst) {
      if (this.check(e, HIST.RST, 'R', hooks) && relSeq !== e.histLastRst) this.add(e, 'R');
      e.histLastRst = relSeq;
    } else if (len > 0) {
      this.check(e, HIST.DATA, 'D', hooks);
    } else if ((f & TcpFlag.ACK) !== 0) {
      this.check(e, HIST.ACK, 'A', hooks);
    }
  }

  /**
   * Records a once-per-direction letter; true if it was already there. A connection that began
   * with a SYN-ACK and now shows an ACK or data is flipped: the SYN-ACK sender was the server.
   */
  private check(e: TcpEndpoint, mask: number, code: string, hooks: SessionHooks): boolean {
    if ((code === 'A' || code === 'D') && this.conn.history === 'H') {
      this.conn.flipRoles();
      this.conn.history = '^h';
      this.firstPacketSeen |= 1;
    }
    return e.isOrig
      ? this.conn.checkHistory(mask, code)
      : this.conn.checkHistory(mask << 16, code.toLowerCase());
  }

  private add(e: TcpEndpoint, code: string): void {
    this.conn.addHistory(e.isOrig ? code : code.toLowerCase());
  }

  /** Window scaling is in force only if both SYNs offered it. */
  private initWindow(e: TcpEndpoint, peer: TcpEndpoint, s: Segment, hooks: SessionHooks): void {
    let scale = s.windowScale;
    if (scale < 0) {
      e.windowScale = 0;
      if ((s.flags & TcpFlag.ACK) !== 0) peer.windowScale = 0;
      return;
    }
    if (scale > MAX_WINDOW_SCALE) {
      if (!this.didWeird) {
        this.didWeird = true;
        hooks.weird(this.conn, 'TCP_scale_range', false, String(scale));
      }
      scale = MAX_WINDOW_SCALE;
    }
    e.windowScale = scale;
    e.windowSeq = s.seq >>> 0;
    e.windowAckSeq = s.ack >>> 0;
    peer.windowSeq = s.ack >>> 0;
    peer.windowAckSeq = s.seq >>> 0;
  }

  private processAck(
    e: TcpEndpoint,
    peer: TcpEndpoint,
    f: number,
    ack: number,
    hooks: SessionHooks,
  ): void {
    if (peer.state === 'inactive') {
      const flagsNone = (f & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST)) === 0;
      const sentSyn =
        e.state === 'syn_sent' || e.state === 'syn_ack_sent' || e.state === 'established';
      if (flagsNone && sentSyn && !this.didWeird) {
        this.didWeird = true;
        hooks.weird(this.conn, 'possible_split_routing', true);
      }
      // Number the peer's stream as if its SYN had been seen.
      peer.initStartSeq(ack - 1);
      peer.initAckSeq(ack - 1);
      peer.initLastSeq(ack - 1);
      this.relAck = 1;
      return;
    }

    this.relAck = peer.relativeSeq(ack, peer.ackSeq, peer.ackWraps);
    if (peer.underflow) {
      this.relAck = 0;
      hooks.weird(this.conn, 'TCP_ack_underflow_or_misorder');
    } else if ((f & TcpFlag.RST) === 0) {
      // ACKs on RST packets are not trusted.
      const delta = seqDelta(ack, peer.ackSeq);
      const brokenZeroAck = ack === 0 && delta > TOO_LARGE_SEQ_DELTA;
      if (!brokenZeroAck && delta > 0) peer.updateAckSeq(ack);
    }
  }

  private updateStateMachine(
    e: TcpEndpoint,
    peer: TcpEndpoint,
    s: Segment,
    deltaLast: number,
    isOrig: boolean,
    hooks: SessionHooks,
  ): void {
    switch (e.state) {
      case 'inactive':
        this.updateInactive(e, peer, s, isOrig, hooks);
        break;
      case 'syn_sent':
      case 'syn_ack_sent':
        this.updateSynSent(e, peer, s, isOrig, hooks);
        break;
      case 'established':
      case 'partial':
        this.updateEstablished(e, peer, s.flags, hooks);
        break;
      case 'closed':
        this.updateClosed(e, s.flags, deltaLast, hooks);
        break;
      case 'reset':
        updateReset(this.conn, s, hooks);
        break;
    }
  }

  private setState(e: TcpEndpoint, next: TcpEndpointState, hooks: SessionHooks): void {
    if (next === e.state) return;
    // Leaving the handshake states for the first time switches to the TCP idle timeout.
    if (!isHandshake(next) && isHandshake(e.state) && isHandshake(e.peer.state)) {
      hooks.handshakeDone(this.conn);
    }
    e.setState(next);
  }

  private updateInactive(
    e: TcpEndpoint,
    peer: TcpEndpoint,
    s: Segment,
    isOrig: boolean,
    hooks: SessionHooks,
  ): void {
    const f = s.flags;
    if ((f & TcpFlag.SYN) !== 0) this.inactiveSyn(e, peer, s, isOrig, hooks);

    if ((f & TcpFlag.FIN) !== 0) {
      this.setState(e, 'closed', hooks);
      this.doClose = this.genEvent = true;
      if (peer.state !== 'partial' && (f & TcpFlag.SYN) === 0)
        hooks.weird(this.conn, 'spontaneous_FIN');
    }

    if ((f & TcpFlag.RST) !== 0) {
      this.setState(e, 'reset', hooks);
      const isReject = isOrig
        ? peer.state === 'established'
        : peer.state === 'syn_sent' || peer.state === 'syn_ack_sent';
      this.doClose = true;
      this.genEvent = !isReject;
      if (isReject) hooks.event(this.conn, 'connection_rejected');
      else if (peer.state === 'inactive') hooks.weird(this.conn, 'spontaneous_RST');
    }

    if (e.state === 'inactive') this.inactiveNoControl(e, peer, s, isOrig, hooks);
  }

  private inactiveSyn(
    e: TcpEndpoint,
    peer: TcpEndpoint,
    s: Segment,
    isOrig: boolean,
    hooks: SessionHooks,
  ): void {
    const ackSet = (s.flags & TcpFlag.ACK) !== 0;
    if (isOrig) {
      if (ackSet) hooks.weird(this.conn, 'connection_originator_SYN_ack');
      this.setState(e, ackSet ? 'syn_ack_sent' : 'syn_sent', hooks);
      hooks.armAttemptTimer(this.conn);
      return;
    }

    if (ackSet) {
      const peerStarted = peer.state !== 'inactive' && peer.state !== 'partial';
      if (peerStarted && !seqBetween(s.ack, peer.startSeq, peer.lastSeq)) {
        hooks.weird(this.conn, 'bad_SYN_ack');
      }
    } else if (peer.state === 'syn_ack_sent' && s.seq >>> 0 === e.startSeq) {
      // SYN and SYN-ACK were seen in reverse order: flip and establish.
      this.isPartial = false;
      this.conn.flipRoles();
      peer.setState('established');
      this.firstPacketSeen |= 1;
    } else {
      hooks.weird(this.conn, 'simultaneous_open');
    }

    if (peer.state === 'syn_sent') this.setState(peer, 'established', hooks);
    else if (peer.state === 'inactive') hooks.weird(this.conn, 'unsolicited_SYN_response');

    this.setState(e, 'established', hooks);
    if (peer.state !== 'partial') hooks.event(this.conn, 'connection_established');
  }

  private inactiveNoControl(
    e: TcpEndpoint,
    peer: TcpEndpoint,
    s: Segment,
    isOrig: boolean,
    hooks: SessionHooks,
  ): void {
    // Some stacks ACK a SYN before answering it; that ACK does not make the connection partial.
    if (!isOrig && s.len === 0 && this.orig.state === 'syn_sent') return;

    if ((s.flags & TcpFlag.ACK) !== 0 && peer.state === 'established') {
      // A SYN-ACK then an ACK: the SYN was missed, the connection is not partial.
      this.setState(e, 'established', hooks);
      this.isPartial = false;
      this.firstPacketSeen |= isOrig ? 1 : 2;
      return;
    }

    this.setState(e, 'partial', hooks);
    if (peer.state === 'partial') hooks.event(this.conn, 'partial_connection');
  }

  private updateSynSent(
    e: TcpEndpoint,
    peer: TcpEndpoint,
    s: Segment,
    isOrig: boolean,
    hooks: SessionHooks,
  ): void {
    const f = s.flags;
    const ack = (f & TcpFlag.ACK) !== 0;
    if ((f & TcpFlag.SYN) !== 0) {
      const onlySynAck = ack && (f & (TcpFlag.FIN | TcpFlag.RST)) === 0;
      if (isOrig && onlySynAck && e.state !== 'syn_ack_sent')
        hooks.weird(this.conn, 'repeated_SYN_with_ack');
      if (!isOrig && !ack && e.state !== 'syn_sent')
        hooks.weird(this.conn, 'repeated_SYN_reply_wo_ack');
    }

    if ((f & TcpFlag.FIN) !== 0) {
      if (peer.state === 'inactive' || peer.state === 'syn_sent')
        hooks.weird(this.conn, 'inappropriate_FIN');
      this.setState(e, 'closed', hooks);
      this.doClose = this.genEvent = true;
    }

    if ((f & TcpFlag.RST) !== 0) {
      this.setState(e, 'reset', hooks);
      this.connectionReset(hooks);
      this.doClose = true;
    } else if (s.len > 0) {
      hooks.weird(this.conn, 'data_before_established');
    }
  }

  private updateEstablished(
    e: TcpEndpoint,
    peer: TcpEndpoint,
    f: number,
    hooks: SessionHooks,
  ): void {
    const syn = (f & TcpFlag.SYN) !== 0;
    if (syn && e.state === 'partial' && peer.state === 'inactive' && (f & TcpFlag.ACK) === 0) {
      hooks.weird(this.conn, 'SYN_after_partial');
      this.setState(e, 'syn_sent', hooks);
    }

    if ((f & TcpFlag.FIN) !== 0 && (f & TcpFlag.RST) === 0) {
      this.setState(e, 'closed', hooks);
      // A FIN then a RST from the peer was a normal close after all.
      if (peer.state === 'reset' && peer.prevState === 'closed')
        this.setState(peer, 'closed', hooks);
      this.doClose = this.genEvent = true;
    }

    if ((f & TcpFlag.RST) !== 0) {
      this.setState(e, 'reset', hooks);
      this.doClose = true;
      if (peer.state !== 'reset' || peer.prevState !== 'established') this.connectionReset(hooks);
    }
  }

  private updateClosed(e: TcpEndpoint, f: number, deltaLast: number, hooks: SessionHooks): void {
    if ((f & TcpFlag.SYN) !== 0) hooks.weird(this.conn, 'SYN_after_close');
    if ((f & TcpFlag.FIN) !== 0 && deltaLast > 0) hooks.weird(this.conn, 'FIN_advanced_last_seq');

    // After a FIN exchange, a RST does not change the state any more.
    if ((f & TcpFlag.RST) !== 0 && e.peer.state !== 'closed') {
      this.setState(e, 'reset', hooks);
      if (!e.didClose) this.doClose = true;
    }
  }

  private connectionReset(hooks: SessionHooks): void {
    hooks.event(this.conn, 'connection_reset');
    this.isActive = false;
  }

  private connectionClosed(
    e: TcpEndpoint,
    peer: TcpEndpoint,
    genEvent: boolean,
    hooks: SessionHooks,
  ): void {
    if (e.didClose) return;
    e.didClose = true;

    const complete = e.state === 'reset' || peer.didClose || peer.state === 'inactive';
    if (!complete) {
      if (e.prevState !== 'inactive') hooks.armExpireTimer(this.conn);
      return;
    }

    const somethingHappened = e.prevState !== 'inactive' || peer.state !== 'inactive';
    if (somethingHappened && genEvent) {
      hooks.event(
        this.conn,
        peer.state === 'inactive' ? 'connection_half_finished' : 'connection_finished',
      );
      this.isActive = false;
    }
    hooks.closeComplete(this.conn);
  }

  /**
   * Whether a SYN on an existing connection starts a new one (port reuse). Called before the
   * packet is processed.
   */
  isReuse(f: number, seq: number, t: number, lingerSeconds: number, hooks: SessionHooks) {
    if ((f & TcpFlag.SYN) === 0) return false;
    let connOrig = this.orig;
    if ((f & TcpFlag.ACK) !== 0) {
      if (this.orig.state !== 'inactive') return false;
      connOrig = this.resp;
    }

    if (!this.isClosed()) {
      if (seq >>> 0 === connOrig.startSeq) return false;
      const flippedHandshake =
        (f & TcpFlag.ACK) === 0 &&
        connOrig.state === 'syn_ack_sent' &&
        this.resp.state === 'inactive' &&
        seq >>> 0 === this.resp.startSeq;
      if (flippedHandshake) return false;
      hooks.weird(
        this.conn,
        connOrig.state === 'syn_sent' ? 'SYN_seq_jump' : 'active_connection_reuse',
      );
      return true;
    }

    const noReset = this.orig.state !== 'reset' && this.resp.state !== 'reset';
    if ((this.orig.isActive() || this.resp.isActive()) && noReset) {
      hooks.weird(this.conn, 'active_connection_reuse');
    } else if (t - this.conn.lastTime < lingerSeconds && noReset) {
      hooks.weird(this.conn, 'premature_connection_reuse');
    }
    return true;
  }

  /** Zeek's `IsClosed`: both sides closed or reset, or one reset and the other inactive. */
  isClosed(): boolean {
    const o = this.orig.state;
    const r = this.resp.state;
    const done = (s: TcpEndpointState) => s === 'closed' || s === 'reset';
    if (done(o) && done(r)) return true;
    return (o === 'reset' && r === 'inactive') || (r === 'reset' && o === 'inactive');
  }
}

function isHandshake(s: TcpEndpointState): boolean {
  return s === 'inactive' || s === 'syn_sent' || s === 'syn_ack_sent';
}

function restartSequence(e: TcpEndpoint, firstSeq: number, lastSeq: number): void {
  e.initStartSeq(firstSeq);
  e.initAckSeq(firstSeq);
  e.initLastSeq(lastSeq);
}

/** SYN and FIN take one sequence number each; a RST's data is not part of the stream. */
function segmentLength(len: number, f: number): number {
  let n = len;
  if ((f & TcpFlag.SYN) !== 0) n++;
  if ((f & TcpFlag.FIN) !== 0) n++;
  if ((f & TcpFlag.RST) !== 0) n -= len;
  return n;
}

function seqBetween(seq: number, low: number, high: number): boolean {
  return seqDelta(seq, low) >= 0 && seqDelta(seq, high) <= 0;
}

/**
 * Tracks the advertised window: a zero window adds `W`, and a window whose right edge moves
 * backwards by more than the scaling granularity is a `window_recision` weird.
 */
function updateWindow(
  e: TcpEndpoint,
  window: number,
  seq: number,
  ack: number,
  f: number,
  c: Connection,
  hooks: SessionHooks,
): void {
  // A shift, not a power of two: the result (at most 65535 << 14) stays a small integer, which
  // V8 keeps unboxed in the endpoint.
  const scaled = window << e.windowScale;
  // A zero window matters unless it comes with or after a RST, or after the peer's FIN.
  const boring = (f & TcpFlag.RST) !== 0 || e.peer.state === 'closed' || e.state === 'reset';
  if (scaled === 0 && !boring) zeroWindow(e, c);

  const controlOrClosing =
    (f & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST)) !== 0 ||
    e.state === 'closed' ||
    e.state === 'reset';
  if (controlOrClosing) return;
  if (seqDelta(seq, e.windowSeq) >= 0 && seqDelta(ack, e.windowAckSeq) >= 0) {
    const advance = seqDelta((ack + scaled) >>> 0, (e.windowAckSeq + e.window) >>> 0);
    if (advance < 0 && -advance >= 2 ** e.windowScale) hooks.weird(c, 'window_recision', true);
    e.window = scaled;
    e.windowAckSeq = ack >>> 0;
    e.windowSeq = seq >>> 0;
  }
}

function zeroWindow(e: TcpEndpoint, c: Connection): void {
  if (++e.zeroWindowCount !== e.zeroWindowThreshold) return;
  e.zeroWindowThreshold *= 10;
  c.addHistory(e.isOrig ? 'W' : 'w');
}

/** Updates the endpoint's highest sequence number; returns how far the segment moved it. */
function updateLastSeq(e: TcpEndpoint, lastSeq: number, f: number, len: number, c: Connection) {
  const delta = seqDelta(lastSeq, e.lastSeq);
  const synOrRst = (f & (TcpFlag.SYN | TcpFlag.RST)) !== 0;
  if (synOrRst && (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA)) return delta;

  if ((f & TcpFlag.FIN) !== 0 && e.lastSeq === (e.startSeq + 1) >>> 0) {
    // Only the SYN and the FIN seen: trust the FIN even if it looks backwards (huge transfers).
    e.updateLastSeq(lastSeq);
  } else if (e.state === 'reset') {
    // After a RST, sequence numbers are not trusted.
  } else if (delta > 0) {
    e.updateLastSeq(lastSeq);
  } else if (len > 0) {
    retransmission(e, c);
  }
  return delta;
}

function retransmission(e: TcpEndpoint, c: Connection): void {
  if (++e.rexmitCount !== e.rexmitThreshold) return;
  e.rexmitThreshold *= 10;
  c.addHistory(e.isOrig ? 'T' : 't');
}

function updateReset(c: Connection, s: Segment, hooks: SessionHooks): void {
  if ((s.flags & TcpFlag.SYN) !== 0) hooks.weird(c, 'SYN_after_reset');
  if ((s.flags & TcpFlag.FIN) !== 0) hooks.weird(c, 'FIN_after_reset');
  if (s.len > 0 && (s.flags & TcpFlag.RST) === 0) hooks.weird(c, 'data_after_reset');
}

/**
 * Per-connection DNS log state: the record being filled for the current message and the
 * queries and replies still waiting for their other half, matched by transaction id as
 * Zeek's base/protocols/dns/main.zeek matches them (first in, first out per id).
 */
import type { Connection } from '../../stages/connection.js';
import type { DnsMsg } from './dns-events.js';
import { isMulticast } from './dns-interpreter.js';
import { opcodeName, rcodeName } from './dns-names.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

/** One dns.log row while it is being filled (Zeek's DNS::Info). */
export interface DnsInfo {
  readonly ts: number;
  readonly uid: string;
  readonly origH: string;
  readonly origPort: number;
  readonly respH: string;
  readonly respPort: number;
  readonly proto: string;
  readonly trans_id: number;
  /** The connection's Community ID, when that column is on. */
  readonly communityId?: string;
  rtt?: number;
  query?: string;
  qclass?: number;
  qclass_name?: string;
  qtype?: number;
  qtype_name?: string;
  rcode?: number;
  rcode_name?: string;
  AA: boolean;
  TC: boolean;
  RD: boolean;
  RA: boolean;
  Z: number;
  answers?: string[];
  TTLs?: number[];
  rejected: boolean;
  opcode?: number;
  opcode_name?: string;
  /** Records in the reply's answer section (not logged). */
  total_answers?: number;
  /** Records in all of the reply's sections (not logged). */
  total_replies?: number;
  sawQuery: boolean;
  sawReply: boolean;
}

/** Queues of unmatched records per transaction id, in arrival order. */
type Pending = Map<number, DnsInfo[]>;

export interface DnsPendingLimits {
  readonly maxPendingMsgs: number;
  readonly maxPendingQueryIds: number;
}

const STATE_KEY = 'dns';

/** Per-connection state, kept in `Connection.extra`. */
export class DnsConnState {
  /** The record the current message fills. */
  current: DnsInfo | undefined;
  /** The oldest unmatched query (the common case, kept apart from the queues). */
  private pendingQuery: DnsInfo | undefined;
  private readonly pendingQueries: Pending = new Map();
  private readonly pendingReplies: Pending = new Map();

  constructor(
    private readonly limits: DnsPendingLimits,
    /** Writes records given up on (queues overflowing, connection removed). */
    private readonly write: (info: DnsInfo) => void,
  ) {}

  static of(c: Connection): DnsConnState | undefined {
    return c.extra.get(STATE_KEY) as DnsConnState | undefined;
  }

  static attach(c: Connection, state: DnsConnState): void {
    c.extra.set(STATE_KEY, state);
  }

  /**
   * Picks the record a message fills: a fresh one for multicast (replies come on other
   * connections), else the matching pending query or reply, else a new pending one.
   */
  setSession(c: Connection, msg: DnsMsg, isQuery: boolean, now: number): void {
    if (isMulticast(c.respAddr)) {
      this.current = newInfo(c, msg.id, now);
      this.current.sawQuery = true;
      this.current.sawReply = true;
    } else if (isQuery) {
      this.current = this.matchQuery(c, msg.id, now);
    } else {
      this.current = this.matchReply(c, msg.id, now);
    }

    const info = this.current;
    if (!isQuery) fillReplyHeader(info, msg);
    info.opcode = msg.opcode;
    info.opcode_name = opcodeName(msg.opcode, msg.is_netbios);
  }

  /** The connection is gone: every unmatched query and reply is logged as it is. */
  finalize(): void {
    if (this.pendingQuery !== undefined) this.write(this.pendingQuery);
    this.pendingQuery = undefined;
    this.flushAll(this.pendingQueries);
    this.flushAll(this.pendingReplies);
  }

  private matchQuery(c: Connection, id: number, now: number): DnsInfo {
    if ((this.pendingReplies.get(id)?.length ?? 0) > 0) return pop(this.pendingReplies, id);

    const info = newInfo(c, id, now);
    if (this.pendingQuery === undefined) this.pendingQuery = info;
    else this.enqueue(this.pendingQueries, id, info);
    return info;
  }

  private matchReply(c: Connection, id: number, now: number): DnsInfo {
    const fast = this.pendingQuery;
    if (fast !== undefined && fast.trans_id === id) {
      this.pendingQuery = this.nextPendingQuery(id);
      return fast;
    }
    if ((this.pendingQueries.get(id)?.length ?? 0) > 0) return pop(this.pendingQueries, id);

    const info = newInfo(c, id, now);
    this.enqueue(this.pendingReplies, id, info);
    return info;
  }

  /**
   * Refills the fast slot from the queues, preferring the same id, so queries sharing an id
   * keep their order.
   */
  private nextPendingQuery(id: number): DnsInfo | undefined {
    const queues = this.pendingQueries;
    if ((queues.get(id)?.length ?? 0) > 0) return pop(queues, id);
    for (const [tid, q] of queues) if (q.length > 0) return pop(queues, tid);
    return undefined;
  }

  /** Queues `info`; past the limits, the unmatched records are logged and forgotten. */
  private enqueue(pending: Pending, id: number, info: DnsInfo): void {
    let q = pending.get(id);
    if (q === undefined) {
      if (pending.size > this.limits.maxPendingQueryIds) this.flushAll(pending);
      q = [];
      pending.set(id, q);
    } else if (q.length > this.limits.maxPendingMsgs) {
      for (const old of q) this.write(old);
      q = [];
      pending.set(id, q);
    }
    q.push(info);
  }

  private flushAll(pending: Pending): void {
    for (const q of pending.values()) for (const info of q) this.write(info);
    pending.clear();
  }
}

function pop(pending: Pending, id: number): DnsInfo {
  const q = pending.get(id)!;
  const info = q.shift()!;
  if (q.length === 0) pending.delete(id);
  return info;
}

function newInfo(c: Connection, transId: number, now: number): DnsInfo {
  return {
    ts: now, uid: c.uid,
    origH: c.origH, origPort: c.origPort, respH: c.respH, respPort: c.respPort,
    proto: c.proto, trans_id: transId, communityId: communityIdOf(c),
    AA: false, TC: false, RD: false, RA: false, Z: 0, rejected: false,
    sawQuery: false, sawReply: false,
  };
}

function fillReplyHeader(info: DnsInfo, msg: DnsMsg): void {
  info.rcode = msg.rcode;
  info.rcode_name = rcodeName(msg.rcode);
  info.total_answers ??= msg.num_answers;
  info.total_replies ??= msg.num_answers + msg.num_addl + msg.num_auth;
  if (msg.rcode !== 0 && msg.num_queries === 0) info.rejected = true;
}

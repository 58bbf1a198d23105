/**
 * The DHCP transactions being watched, by transaction id: messages with the same id within a
 * short time make one dhcp.log row, whatever connections they came over (broadcasts make
 * several). A transaction is written once it went quiet or was watched long enough, or when a
 * limit forces it out; the rest are written at the end of input.
 */
import { DhcpInfo } from './dhcp-info.js';

export interface DhcpTransactionLimits {
  /** Seconds after its first message before a transaction is first checked for expiry. */
  readonly createExpire: number;
  /** Seconds without a message after which a checked transaction is written. */
  readonly idle: number;
  /** Seconds after its first message after which a checked transaction is written anyway. */
  readonly maxWatch: number;
  /** Transactions held at once; the oldest is written early to make room (0: no limit). */
  readonly maxTracked: number;
  /** A row is written once it names this many connections ... */
  readonly maxUids: number;
  /** ... or this many message types. */
  readonly maxMsgTypes: number;
}

/** Zeek's defaults (DHCP::max_txid_watch_time and the other options of its DHCP script). */
export const DEFAULT_DHCP_LIMITS: DhcpTransactionLimits = {
  createExpire: 10,
  idle: 5,
  maxWatch: 30,
  maxTracked: 100000,
  maxUids: 10,
  maxMsgTypes: 50,
};

export class DhcpTransactions {
  /** Insertion order is creation order, so the oldest come first. */
  private readonly byXid = new Map<number, DhcpInfo>();

  constructor(
    private readonly write: (info: DhcpInfo, withChaddr: boolean) => void,
    private readonly onLimit: (held: number) => void,
    private readonly limits: DhcpTransactionLimits = DEFAULT_DHCP_LIMITS,
  ) {}

  /** The transaction of `xid`, created at `now` if new (after writing those that expired). */
  get(xid: number, now: number): DhcpInfo {
    this.expire(now);
    let info = this.byXid.get(xid);
    if (info !== undefined) return info;

    if (this.limits.maxTracked > 0 && this.byXid.size >= this.limits.maxTracked) this.evictOldest();
    info = new DhcpInfo(now);
    this.byXid.set(xid, info);
    return info;
  }

  /** After a message was merged: a row grown to its limits is written at once. */
  checkSize(xid: number, info: DhcpInfo): void {
    const l = this.limits;
    if (info.uids.size < l.maxUids && info.msgTypes.length < l.maxMsgTypes) return;
    this.write(info, false);
    this.byXid.delete(xid);
  }

  /** End of input: every transaction still held is written. */
  flush(): void {
    for (const info of this.byXid.values()) this.write(info, true);
    this.byXid.clear();
  }

  /**
   * Writes the transactions old enough to be checked that went quiet or were watched long
   * enough by `now`. Zeek checks on a timer; checking when the next message comes writes the
   * same rows.
   */
  private expire(now: number): void {
    const l = this.limits;
    for (const [xid, info] of this.byXid) {
      if (now - info.ts < l.createExpire) return;
      if (now - info.lastMessageTs <= l.idle && now - info.ts <= l.maxWatch) continue;
      this.write(info, true);
      this.byXid.delete(xid);
    }
  }

  private evictOldest(): void {
    this.onLimit(this.byXid.size);
    const [xid, info] = this.byXid.entries().next().value as [number, DhcpInfo];
    this.write(info, true);
    this.byXid.delete(xid);
  }
}

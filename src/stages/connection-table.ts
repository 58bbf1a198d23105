/**
 * The tracker's connections, filed under the symmetric hash of their flow key. Almost every
 * hash names one connection, which is then stored as it is; only hashes shared by several
 * connections hold an array. An array per connection would be two more objects for the
 * garbage collector to copy for every connection of the capture.
 *
 * Iteration follows the order in which hashes were first filed, then filing order within a
 * hash, as a Map of arrays would: it decides the order of the rows flushed at end of input.
 */
import type { Connection } from './connection.js';

export class ConnectionTable {
  private readonly byHash = new Map<number, Connection | Connection[]>();

  /** Hashes in use (not connections). */
  get hashes(): number {
    return this.byHash.size;
  }

  /**
   * The connection whose key the packet's addresses, ports and protocol name, in either
   * direction unless `oneWay` (ICMP messages without a counterpart).
   */
  find(
    hash: number, data: Uint8Array, src: number, dst: number, alen: number, sport: number,
    dport: number, ipProto: number, oneWay: boolean,
  ): Connection | undefined {
    const entry = this.byHash.get(hash);
    if (entry === undefined) return undefined;
    if (!Array.isArray(entry)) {
      return hasKey(entry, data, src, dst, alen, sport, dport, ipProto, oneWay) ? entry : undefined;
    }
    for (let k = 0; k < entry.length; k++) {
      const c = entry[k];
      if (hasKey(c, data, src, dst, alen, sport, dport, ipProto, oneWay)) return c;
    }
    return undefined;
  }

  /** Files `conn` under its `flowHash`, after the connections already there. */
  add(conn: Connection): void {
    const entry = this.byHash.get(conn.flowHash);
    if (entry === undefined) this.byHash.set(conn.flowHash, conn);
    else if (Array.isArray(entry)) entry.push(conn);
    else this.byHash.set(conn.flowHash, [entry, conn]);
  }

  /** Takes `conn` out of the table, if it is there. */
  delete(conn: Connection): void {
    const entry = this.byHash.get(conn.flowHash);
    if (entry === conn) {
      this.byHash.delete(conn.flowHash);
      return;
    }
    if (entry === undefined || !Array.isArray(entry)) return;

    const k = entry.indexOf(conn);
    if (k >= 0) entry.splice(k, 1);
    if (entry.length === 0) this.byHash.delete(conn.flowHash);
  }

  /** Every connection, in table order, as a new array (so removing while walking it is safe). */
  all(): Connection[] {
    const out: Connection[] = [];
    for (const entry of this.byHash.values()) {
      if (Array.isArray(entry)) out.push(...entry);
      else out.push(entry);
    }
    return out;
  }

  /** The connection idle the longest (the first of equals in table order), if any. */
  leastRecentlyActive(): Connection | undefined {
    let oldest: Connection | undefined;
    for (const entry of this.byHash.values()) {
      const list = Array.isArray(entry) ? entry : [entry];
      for (const c of list) if (oldest === undefined || c.lastTime < oldest.lastTime) oldest = c;
    }
    return oldest;
  }
}

/** Whether `c` is the connection of the packet's key, in either direction unless `oneWay`. */
function hasKey(
  c: Connection, data: Uint8Array, src: number, dst: number, alen: number, sport: number,
  dport: number, ipProto: number, oneWay: boolean,
): boolean {
  if (c.ipProto !== ipProto || c.origAddr.length !== alen) return false;
  const forward = c.origPort === sport && c.respPort === dport &&
    sameAddress(c.origAddr, data, src, alen) && sameAddress(c.respAddr, data, dst, alen);
  if (forward) return true;
  return !oneWay && c.origPort === dport && c.respPort === sport &&
    sameAddress(c.origAddr, data, dst, alen) && sameAddress(c.respAddr, data, src, alen);
}

/** Whether the `len` address bytes at `data[off]` equal `addr`. */
export function sameAddress(addr: Uint8Array, data: Uint8Array, off: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (addr[k] !== data[off + k]) return false;
  return true;
}

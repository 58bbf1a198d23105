import { EncapsulatingConn } from './encapsulating-conn.js';
import type { TunnelType } from './tunnel-type.js';

/**
 * The IP-in-IP and GRE tunnels seen so far, keyed by their two outer addresses in either
 * order, as Zeek keys them: every packet between the same two hosts belongs to the same
 * tunnel and keeps its uid, whatever its direction (and, as in Zeek, whichever of IP-in-IP or
 * GRE created the entry first). An entry idle for `timeoutSeconds` of network time is
 * forgotten; a later packet starts a new tunnel with a new uid.
 */

interface Entry {
  readonly ec: EncapsulatingConn;
  lastActive: number;
}

export class IpTunnelTable {
  private readonly buckets = new Map<number, Entry[]>();
  private lastSweep = 0;
  private size = 0;

  constructor(
    /** Zeek's `Tunnel::ip_tunnel_timeout`. */
    private readonly timeoutSeconds: number,
    private readonly newUid: () => string,
  ) {}

  /** Tunnels held. */
  get count(): number {
    return this.size;
  }

  /**
   * The tunnel between the addresses at `src` and `dst` (`alen` bytes each) of `data`,
   * created on first sight with the packet's direction and protocol.
   */
  lookup(
    data: Uint8Array, src: number, dst: number, alen: number, ipProto: number, type: TunnelType,
    now: number,
  ): EncapsulatingConn {
    this.sweep(now);
    const hash = pairHash(data, src, dst, alen);
    const found = this.find(hash, data, src, dst, alen);
    if (found !== undefined && now - found.lastActive < this.timeoutSeconds) {
      found.lastActive = now;
      return found.ec;
    }
    if (found !== undefined) this.forget(hash, found);

    const ec = new EncapsulatingConn(
      Uint8Array.from(data.subarray(src, src + alen)), 0,
      Uint8Array.from(data.subarray(dst, dst + alen)), 0, ipProto, type, this.newUid(),
    );
    this.insert(hash, { ec, lastActive: now });
    return ec;
  }

  private find(
    hash: number, data: Uint8Array, src: number, dst: number, alen: number,
  ): Entry | undefined {
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) return undefined;
    for (const e of bucket) if (samePair(e.ec, data, src, dst, alen)) return e;
    return undefined;
  }

  private insert(hash: number, entry: Entry): void {
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) this.buckets.set(hash, [entry]);
    else bucket.push(entry);
    this.size++;
  }

  private forget(hash: number, entry: Entry): void {
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) return;
    bucket.splice(bucket.indexOf(entry), 1);
    if (bucket.length === 0) this.buckets.delete(hash);
    this.size--;
  }

  /** Drops idle tunnels once per timeout period, so memory follows the active tunnels. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.timeoutSeconds) return;
    this.lastSweep = now;
    for (const [hash, bucket] of [...this.buckets]) {
      for (const e of [...bucket]) {
        if (now - e.lastActive >= this.timeoutSeconds) this.forget(hash, e);
      }
    }
  }
}

function samePair(
  ec: EncapsulatingConn, data: Uint8Array, src: number, dst: number, alen: number,
): boolean {
  if (ec.origAddr.length !== alen) return false;
  const forward = equalAt(ec.origAddr, data, src) && equalAt(ec.respAddr, data, dst);
  return forward || (equalAt(ec.origAddr, data, dst) && equalAt(ec.respAddr, data, src));
}

function equalAt(addr: Uint8Array, data: Uint8Array, off: number): boolean {
  for (let k = 0; k < addr.length; k++) if (addr[k] !== data[off + k]) return false;
  return true;
}

/** The same for both orders of the two addresses. */
function pairHash(data: Uint8Array, src: number, dst: number, alen: number): number {
  let hs = 0x811c9dc5;
  let hd = 0x811c9dc5;
  for (let k = 0; k < alen; k++) {
    hs = Math.imul(hs ^ data[src + k], 0x01000193);
    hd = Math.imul(hd ^ data[dst + k], 0x01000193);
  }
  return (hs ^ hd) >>> 0;
}

/**
 * Data connections that FTP sessions announced (PORT, EPRT, PASV and EPSV replies), keyed by
 * the endpoint that will accept them, with the session that announced them, so the data
 * connection can be tied to its session (conn.log service `ftp-data`, the transferred file's
 * id and type in the session's ftp.log row). Entries expire after a time without use, and
 * the table is bounded (Zeek's `ftp_data_expected` with `FTP::max_expected_data_channels`).
 */

/** Where a data connection is expected (Zeek's `FTP::ExpectedDataChannel`). */
export interface ExpectedDataChannel {
  readonly passive: boolean;
  /** The host that will open the data connection. */
  readonly origH: string;
  /** The host and port that will accept it. */
  readonly respH: string;
  readonly respP: number;
}

interface Entry<S> {
  readonly channel: ExpectedDataChannel;
  /** The control session that announced the channel. */
  readonly session: S;
  /** Network time of the last use; the entry expires `timeout` seconds after it. */
  lastUse: number;
}

export class ExpectedChannels<S> {
  private readonly byEndpoint = new Map<string, Entry<S>>();

  constructor(
    /** Most entries held (0: no limit). */
    private readonly maxEntries: number,
    /** Seconds an entry lives after its last use. */
    private readonly timeout: number,
  ) {}

  /** Adds or refreshes an entry; false when the table is full. */
  add(channel: ExpectedDataChannel, session: S, now: number): boolean {
    this.expire(now);
    const key = keyOf(channel.respH, channel.respP);
    const known = this.byEndpoint.delete(key);
    if (!known && this.maxEntries > 0 && this.byEndpoint.size >= this.maxEntries) return false;
    this.byEndpoint.set(key, { channel, session, lastUse: now });
    return true;
  }

  /** The channel expected at `respH`:`respP` from `origH`, if any. */
  match(origH: string, respH: string, respP: number, now: number): ExpectedDataChannel | undefined {
    const entry = this.use(respH, respP, now);
    return entry?.channel.origH === origH ? entry.channel : undefined;
  }

  /** The session that announced a channel to `respH`:`respP`, whoever connects there. */
  sessionAt(respH: string, respP: number, now: number): S | undefined {
    return this.use(respH, respP, now)?.session;
  }

  /** A read of an entry, which keeps it alive as Zeek's `&read_expire` does. */
  private use(respH: string, respP: number, now: number): Entry<S> | undefined {
    // Every new connection asks; without FTP sessions there is nothing to find or expire.
    if (this.byEndpoint.size === 0) return undefined;
    this.expire(now);
    const key = keyOf(respH, respP);
    const entry = this.byEndpoint.get(key);
    if (entry === undefined) return undefined;
    // Re-inserted, so the map stays ordered by last use and expiry stops early.
    this.byEndpoint.delete(key);
    entry.lastUse = Math.max(entry.lastUse, now);
    this.byEndpoint.set(key, entry);
    return entry;
  }

  delete(respH: string, respP: number): void {
    this.byEndpoint.delete(keyOf(respH, respP));
  }

  get size(): number {
    return this.byEndpoint.size;
  }

  /** Drops entries unused for longer than the timeout; the map is ordered by last use. */
  private expire(now: number): void {
    for (const [key, entry] of this.byEndpoint) {
      if (entry.lastUse + this.timeout > now) return;
      this.byEndpoint.delete(key);
    }
  }
}

function keyOf(h: string, p: number): string {
  return `${h}|${p}`;
}

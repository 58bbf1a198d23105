/**
 * Timers on network time that belong to no connection (a file that outlives the connection it
 * came over, say). The connection tracker runs them as packets advance the clock, and once
 * more at the end of input, after every connection was removed, as Zeek ends its file
 * analysis after its sessions.
 */
export interface NetworkTimers {
  /** Network time the next check is due at; Infinity when nothing waits. */
  readonly nextDue: number;
  /** Network time reached `now`: runs the checks due. */
  advance(now: number): void;
  /** End of input: runs what still waits. */
  drainAtEnd(): void;
}

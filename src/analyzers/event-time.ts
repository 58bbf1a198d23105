/**
 * Network time as a protocol log handler sees it: the time of the packet whose analysis
 * raised the event (Zeek's `network_time()` inside a handler). Analysis keeps that time on the
 * connection; a connection without analysis falls back to its last activity.
 *
 * Zeek's clock never reads below 1: its timer manager reports 1 while unset, and network time
 * is never behind the timer manager. A capture stamped near the epoch (0.x seconds) thus logs
 * 1.000000 wherever Zeek logs network time, and so does wirelog.
 */
import type { Connection } from '../stages/connection.js';

/** The earliest network time Zeek reports. */
export const MIN_NETWORK_TIME = 1;

export function eventTime(c: Connection): number {
  return Math.max(MIN_NETWORK_TIME, c.analysis?.now ?? c.lastTime);
}

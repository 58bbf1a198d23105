/**
 * Network time as a protocol log handler sees it: the time of the packet whose analysis
 * raised the event (Zeek's `network_time()` inside a handler). Analysis keeps that time on the
 * connection; a connection without analysis falls back to its last activity.
 */
import type { Connection } from '../stages/connection.js';

export function eventTime(c: Connection): number {
  return c.analysis?.now ?? c.lastTime;
}

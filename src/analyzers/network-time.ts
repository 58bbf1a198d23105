/**
 * Network time as a log handler sees it: the timestamp of the packet whose analysis raised the
 * event being handled (Zeek's `network_time()` inside an analyzer event).
 */
import type { Connection } from '../stages/connection.js';

export function networkTime(c: Connection): number {
  return c.analysis?.now ?? c.lastTime;
}

/**
 * Network time as a log handler sees it: the timestamp of the packet whose analysis raised the
 * event being handled (Zeek's `network_time()` inside an analyzer event), never below Zeek's
 * floor of 1 (see event-time.ts).
 */
import type { Connection } from '../stages/connection.js';
import { eventTime } from './event-time.js';

export function networkTime(c: Connection): number {
  return eventTime(c);
}

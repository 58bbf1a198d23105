/**
 * Where protocol scripts find the analysis manager of their pipeline to expect a connection
 * and the analyzer it gets (Zeek's script-level `Analyzer::schedule_analyzer`), e.g. the FTP
 * data channel a PASV reply announced. Bound per event bus, as the file manager is, so several
 * pipelines in one process keep their own; a pipeline without analyzers finds none.
 */
import type { CoreEvents, EventBus } from '../events/event-bus.js';
import type { Transport } from './analyzer.js';

export interface AnalyzerScheduler {
  /**
   * Attaches the loaded analyzer `name` to the next connection to `respAddr`:`respPort` that
   * starts within `timeout` seconds of network time `now`; with `origAddr`, only to one from
   * that address (Zeek's orig argument; without it, any originator, as 0.0.0.0 there).
   */
  scheduleAnalyzer(
    respAddr: string,
    respPort: number,
    transport: Transport,
    name: string,
    now: number,
    timeout: number,
    origAddr?: string,
  ): void;
}

const schedulers = new WeakMap<EventBus<CoreEvents>, AnalyzerScheduler>();

export function bindAnalyzerScheduler(
  events: EventBus<CoreEvents>, scheduler: AnalyzerScheduler,
): void {
  schedulers.set(events, scheduler);
}

export function analyzerSchedulerFor(events: EventBus<CoreEvents>): AnalyzerScheduler | undefined {
  return schedulers.get(events);
}

/**
 * Makes failures of file extraction visible: Zeek reports them as errors in reporter.log;
 * wirelog warns on its diagnostics stream. One warning per cause (operation and system error):
 * a full disk or an unusable folder fails every file alike, and one line says it.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';

/** The part of the diagnostics logger used here. */
export interface WarningLogger {
  warn(fields: object, message: string): void;
}

export function warnOnExtractionErrors(events: EventBus<CoreEvents>, log: WarningLogger): void {
  const reported = new Set<string>();
  events.on('file_extraction_error', (f, error) => {
    const cause = `${error.operation} ${error.code ?? error.message}`;
    if (reported.has(cause)) return;
    reported.add(cause);
    const { operation, code, path, message } = error;
    log.warn(
      { operation, code, path, fuid: f.id, error: message },
      'file extraction failed; later failures of the same kind are not reported',
    );
  });
}

/**
 * Clean shutdown of a live capture on SIGINT or SIGTERM: the first signal aborts the run's
 * controller, so the capture stops, every open connection is flushed and the logs are closed
 * (their `#close` line written) before the process exits 0. The handler is installed once per
 * signal: a second identical signal finds the default action again and ends the process at
 * once, for an operator who does not want to wait for the flush.
 */

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Aborts `controller` on the first stop signal; returns a function that removes the handlers. */
export function onStopSignal(controller: AbortController): () => void {
  const stop = () => controller.abort();
  for (const signal of STOP_SIGNALS) process.once(signal, stop);

  return () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, stop);
  };
}

/**
 * The live source's options, built from the configuration's `input` and `live` sections.
 */
import type { LiveCaptureOptions } from '../stages/live-source.js';
import { MAX_LIVE_SNAPLEN, MAX_RING_BYTES } from '../stages/live-limits.js';
import { ConfigError } from './config-error.js';
import type { WirelogConfig } from './config.js';

/** Checks the `live` keys `cap` cannot take as they are, and maps the section. */
export function liveOptions(config: WirelogConfig): LiveCaptureOptions {
  const l = config.live;
  requireRange('live.snaplen', l.snaplen, 1, MAX_LIVE_SNAPLEN);
  requireRange('live.ring_buffer_bytes', l.ring_buffer_bytes, 1, MAX_RING_BYTES);

  return {
    batchSize: config.input.batch_size,
    bufferBytes: l.ring_buffer_bytes,
    snaplen: l.snaplen,
    flushMs: l.flush_ms,
    promiscuous: l.promiscuous,
    maxQueuedBytes: l.max_queued_bytes,
  };
}

function requireRange(key: string, value: number, min: number, max: number): void {
  if (Number.isInteger(value) && value >= min && value <= max) return;
  throw new ConfigError(`'${key}' must be an integer from ${min} to ${max}, got ${value}`);
}

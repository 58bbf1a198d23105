/**
 * Bounds of live capture. Each is a key of the configuration's `live:` section, which explains
 * what it protects; these are the defaults for code that opens a live source directly.
 */

/**
 * Kernel ring libpcap asks for. Packets wait there while wirelog is busy; when it is full the
 * kernel drops them, and `cap` gives no way to count those drops. A small ring holds few
 * packets; 256 MiB absorbed a 20,000-packet burst without loss.
 */
export const DEFAULT_LIVE_BUFFER_BYTES = 256 << 20;

/** Bytes kept of each packet. `cap` sets libpcap's own snapshot length to this maximum. */
export const MAX_LIVE_SNAPLEN = 65_535;

/** A partial batch is handed on after this many milliseconds, so quiet traffic is not held. */
export const DEFAULT_LIVE_FLUSH_MS = 100;

/**
 * Packet bytes copied out of the kernel ring but not yet taken by the pipeline. Past it new
 * packets are dropped (and counted) rather than letting memory grow without bound while the
 * pipeline cannot keep up.
 */
export const DEFAULT_LIVE_MAX_QUEUED_BYTES = 256 << 20;

/** Largest ring size `cap` passes through intact (it reads the size as a signed 32-bit int). */
export const MAX_RING_BYTES = 0x7fff_ffff;

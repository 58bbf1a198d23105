/**
 * Live capture: packets from a network interface through libpcap (the `cap` binding), as an
 * object-mode stream of `PacketBatch`es filled like the file source's.
 *
 * The filter is handed to libpcap, so the kernel drops unwanted packets before they are copied;
 * no userland filter stage is needed behind this source. Each packet is copied out of the
 * handle's single packet buffer into a `PacketArena`, stamped from a `LiveClock`, and batched;
 * a partial batch is handed on after `flushMs` so low-rate traffic is not held back.
 *
 * Packets cannot be paused at the source: libpcap delivers them as they arrive. Batches wait in
 * a queue bounded by `maxQueuedBytes`; past it packets are dropped and counted in `stats`, so a
 * pipeline that cannot keep up costs packets instead of memory. The stream ends after `stop()`
 * (or the abort of `signal`), once every packet received before it has been handed on.
 */
import { Readable } from 'node:stream';

import { BatchAssembler } from './batch-assembler.js';
import { openCapHandle, type HandleOpener, type LiveHandle } from './cap-handle.js';
import type { CaptureInfo } from './capture-format.js';
import { DEFAULT_SOURCE_HIGH_WATER_MARK } from './capture-limits.js';
import { hostFramesFilter } from './host-frames-filter.js';
import { LiveCaptureError } from './live-capture-error.js';
import { LiveClock } from './live-clock.js';
import {
  DEFAULT_LIVE_BUFFER_BYTES,
  DEFAULT_LIVE_FLUSH_MS,
  DEFAULT_LIVE_MAX_QUEUED_BYTES,
  MAX_LIVE_SNAPLEN,
  MAX_RING_BYTES,
} from './live-limits.js';
import { DEFAULT_BATCH_SIZE, type PacketBatch } from './packet-batch.js';
import { PacketArena } from './packet-arena.js';

export interface LiveCaptureOptions {
  /** BPF expression (tcpdump syntax) the kernel applies; '' or absent accepts every packet. */
  readonly filter?: string;
  /** Packets per batch (default `DEFAULT_BATCH_SIZE`). */
  readonly batchSize?: number;
  /** Kernel ring size in bytes (default `DEFAULT_LIVE_BUFFER_BYTES`). */
  readonly bufferBytes?: number;
  /** Bytes kept of each packet, 1 to `MAX_LIVE_SNAPLEN` (the default). */
  readonly snaplen?: number;
  /** Milliseconds a partial batch waits for more packets (default `DEFAULT_LIVE_FLUSH_MS`). */
  readonly flushMs?: number;
  /** False restricts capture to frames to, from or multicast around this host. Default true. */
  readonly promiscuous?: boolean;
  /** Packet bytes queued for the pipeline before packets are dropped. */
  readonly maxQueuedBytes?: number;
  /** Aborting it stops the capture; the stream then ends cleanly. */
  readonly signal?: AbortSignal;
  /** Called once the handle is open and packets may arrive. */
  readonly onOpen?: (info: LiveCaptureInfo) => void;
  /** Opens the libpcap handle (tests pass a stand-in). */
  readonly openHandle?: HandleOpener;
  /** Stamps packets (tests pass one over fake clocks). */
  readonly clock?: LiveClock;
}

/** What is known once the capture is open. */
export interface LiveCaptureInfo {
  readonly iface: string;
  readonly linkType: number;
  /** The expression the kernel applies, after the promiscuous restriction if any. */
  readonly kernelFilter: string;
}

/** What wirelog itself can see of a live capture. Kernel drops are not visible through `cap`. */
export interface LiveCaptureStats {
  /** Packets received from libpcap (dropped ones included). */
  packets: number;
  /** Batches handed to the pipeline. */
  batches: number;
  /** Packets longer than the snaplen, cut to it. */
  truncated: number;
  /** Times the pipeline pushed back (asked the source to wait); packets queue meanwhile. */
  backpressure: number;
  /** Packets dropped by wirelog because `maxQueuedBytes` was reached. */
  dropped: number;
  /** Times the queue reached `maxQueuedBytes` (each starts a run of drops). */
  overloads: number;
  /** Largest number of packet bytes queued at once. */
  peakQueuedBytes: number;
}

export class LiveCaptureSource extends Readable {
  readonly stats: LiveCaptureStats = {
    packets: 0, batches: 0, truncated: 0, backpressure: 0, dropped: 0, overloads: 0,
    peakQueuedBytes: 0,
  };

  private readonly batchSize: number;
  private readonly snaplen: number;
  private readonly assembler: BatchAssembler;
  private readonly arena: PacketArena;
  private readonly clock: LiveClock;
  private readonly queue: PacketBatch[] = [];
  private handle: LiveHandle | undefined;
  /** Link type of the handle, kept after it is closed. */
  private linkType: number | undefined;
  /** Bytes of packets received and not yet pushed: queued batches plus the partial one. */
  private queuedBytes = 0;
  private inBatch = 0;
  private overloaded = false;
  private flushTimer: NodeJS.Timeout | undefined;
  /** True while the consumer asked for data that has not been pushed yet. */
  private wanted = false;
  private stopped = false;
  private ended = false;
  private readonly onAbort = () => this.stop();
  private readonly onFlushTimer = () => this.flush();
  private readonly flushMs: number;

  constructor(
    /** The interface name as given (`eth0`, `any`). */
    readonly iface: string,
    private readonly opts: LiveCaptureOptions = {},
  ) {
    super({ objectMode: true, highWaterMark: DEFAULT_SOURCE_HIGH_WATER_MARK });
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    this.snaplen = opts.snaplen ?? MAX_LIVE_SNAPLEN;
    this.assembler = new BatchAssembler(this.batchSize);
    this.arena = new PacketArena((chunk) => this.assembler.use(chunk));
    this.clock = opts.clock ?? new LiveClock();
    this.flushMs = opts.flushMs ?? DEFAULT_LIVE_FLUSH_MS;
  }

  /** Link type and snaplen of the open handle, as a pcap writer needs them (`-w`). */
  get captureInfo(): CaptureInfo | undefined {
    if (this.linkType === undefined) return undefined;
    const headerLinkType = this.linkType;
    return { format: 'pcap', nanosecond: false, headerLinkType, snaplen: this.snaplen };
  }

  /** Stops capturing; packets already received are still handed on, then the stream ends. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;

    this.closeHandle();
    this.assembler.seal();
    this.collect();
    this.pump();
  }

  override _construct(callback: (error?: Error | null) => void): void {
    if (this.opts.signal?.aborted === true) this.stopped = true;
    if (this.stopped) return callback();

    try {
      this.open();
      callback();
    } catch (err) {
      const problem = err instanceof Error ? err.message : String(err);
      callback(new LiveCaptureError(this.iface, problem, { cause: err }));
    }
  }

  override _read(): void {
    this.wanted = true;
    this.pump();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.stopped = true;
    this.closeHandle();
    callback(err);
  }

  private open(): void {
    checkSettings(this.snaplen, this.opts.bufferBytes ?? DEFAULT_LIVE_BUFFER_BYTES);
    const filter = this.opts.filter ?? '';
    const kernelFilter = this.opts.promiscuous === false
      ? hostFramesFilter(this.iface, filter)
      : filter;
    const handle = (this.opts.openHandle ?? openCapHandle)({
      iface: this.iface,
      filter: kernelFilter,
      bufferBytes: this.opts.bufferBytes ?? DEFAULT_LIVE_BUFFER_BYTES,
      snaplen: this.snaplen,
    });

    this.handle = handle;
    this.linkType = handle.linkType;
    handle.onPacket((caplen, truncated) => this.receive(handle, caplen, truncated));
    this.opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.opts.onOpen?.({ iface: this.iface, linkType: handle.linkType, kernelFilter });
  }

  /**
   * One packet from libpcap, copied out before the handle reuses its buffer. `cap` gives no
   * original length; the captured length stands for it (see README, "Live capture").
   */
  private receive(handle: LiveHandle, caplen: number, truncated: boolean): void {
    if (this.stopped) return;
    this.stats.packets++;
    if (truncated) this.stats.truncated++;
    if (!this.admit(caplen)) return;

    this.clock.stamp();
    const offset = this.arena.append(handle.packetBuffer, caplen);
    this.assembler.add(offset, caplen, caplen, this.clock.sec, this.clock.nsec,
      handle.linkType, 0);

    if (++this.inBatch >= this.batchSize) this.collect();
    else this.flushTimer ??= setTimeout(this.onFlushTimer, this.flushMs);
  }

  /** Whether a packet of `caplen` bytes fits in the queue; counts it as dropped if not. */
  private admit(caplen: number): boolean {
    const limit = this.opts.maxQueuedBytes ?? DEFAULT_LIVE_MAX_QUEUED_BYTES;
    if (this.queuedBytes + caplen > limit) {
      if (!this.overloaded) this.stats.overloads++;
      this.overloaded = true;
      this.stats.dropped++;
      return false;
    }

    this.overloaded = false;
    this.queuedBytes += caplen;
    this.stats.peakQueuedBytes = Math.max(this.stats.peakQueuedBytes, this.queuedBytes);
    return true;
  }

  /** Hands on the partial batch once it has waited `flushMs`. */
  private flush(): void {
    this.flushTimer = undefined;
    this.assembler.seal();
    this.collect();
  }

  /** Moves the completed batches to the queue and pushes what the consumer wants. */
  private collect(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.inBatch = 0;

    for (const batch of this.assembler.takeReady()) this.queue.push(batch);
    this.pump();
  }

  private pump(): void {
    while (this.wanted && this.queue.length > 0) {
      const batch = this.queue.shift() as PacketBatch;
      this.queuedBytes -= capturedBytes(batch);
      this.stats.batches++;
      this.wanted = this.push(batch);
      if (!this.wanted) this.stats.backpressure++;
    }

    if (this.stopped && this.queue.length === 0 && !this.ended) {
      this.ended = true;
      this.push(null);
    }
  }

  private closeHandle(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.handle?.close();
    this.handle = undefined;
  }
}

/** Refuses settings `cap` would misread: its snaplen is fixed, its ring size a signed int. */
function checkSettings(snaplen: number, bufferBytes: number): void {
  if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > MAX_LIVE_SNAPLEN) {
    throw new Error(`snaplen must be 1 to ${MAX_LIVE_SNAPLEN}, got ${snaplen}`);
  }
  if (!Number.isInteger(bufferBytes) || bufferBytes < 1 || bufferBytes > MAX_RING_BYTES) {
    throw new Error(`ring buffer size must be 1 to ${MAX_RING_BYTES} bytes, got ${bufferBytes}`);
  }
}

function capturedBytes(batch: PacketBatch): number {
  let bytes = 0;
  for (let i = 0; i < batch.count; i++) bytes += batch.caplen[i];
  return bytes;
}

/**
 * Opens a live capture on `iface` as a stream of `PacketBatch`es. Opening happens as the stream
 * starts; a refusal (unknown interface, no permission, bad filter) is a `LiveCaptureError`
 * emitted as `'error'`. Capturing needs root or CAP_NET_RAW.
 */
export function openLiveCapture(iface: string, opts?: LiveCaptureOptions): LiveCaptureSource {
  return new LiveCaptureSource(iface, opts);
}

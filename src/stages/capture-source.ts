import { Readable } from 'node:stream';
import type { WeirdReporter } from '../events/weird-reporter.js';
import { BatchAssembler } from './batch-assembler.js';
import type { CaptureFormat, CaptureInfo } from './capture-format.js';
import { CaptureFileError } from './capture-file-error.js';
import { CaptureInput, isGzipError } from './capture-input.js';
import type { CaptureWeirdName } from './capture-issues.js';
import { CaptureIssues } from './capture-issues.js';
import { DEFAULT_MAX_PACKET_BYTES, DEFAULT_SOURCE_HIGH_WATER_MARK } from './capture-limits.js';
import { MAGIC_HEAD_BYTES, detectCaptureFormat } from './capture-magic.js';
import { DEFAULT_BATCH_SIZE, type PacketBatch } from './packet-batch.js';
import { RecordSplitter } from './record-splitter.js';

export interface CaptureSourceOptions {
  /** Packets per batch (default `DEFAULT_BATCH_SIZE`). */
  readonly batchSize?: number;
  /** Receives the weirds about damaged input; they are counted either way. */
  readonly reporter?: WeirdReporter;
  /** Largest captured length accepted for one packet (default `DEFAULT_MAX_PACKET_BYTES`). */
  readonly maxPacketBytes?: number;
  /** Batches read ahead of the consumer (default `DEFAULT_SOURCE_HIGH_WATER_MARK`). */
  readonly highWaterMark?: number;
  /** What `-` reads; process.stdin unless given (tests inject a stream here). */
  readonly stdin?: Readable;
}

/**
 * Reads a pcap or pcapng file (plain or gzip-compressed, or standard input for `-`) as an
 * object-mode stream of `PacketBatch`es.
 *
 * Packets point into the large chunks the file is read in; only records that straddle two
 * chunks are copied. Damaged content never errors the stream: it raises weirds (counted in
 * `weirds`), and damage that loses the record framing ends the stream after every packet
 * before it. `'error'` means the input is unreadable or not a capture (`CaptureFileError`).
 */
export class CaptureSource extends Readable {
  private readonly issues: CaptureIssues;
  private readonly assembler: BatchAssembler;
  private readonly maxPacketBytes: number;
  private readonly input: CaptureInput;
  private readonly batches: AsyncGenerator<PacketBatch>;
  private format: CaptureFormat | undefined;
  private pulling = false;
  /** Set when decompression broke mid-file: the last record is cut by that, not by the file. */
  private gzipFailed = false;

  constructor(
    /** The path as given, `-` for standard input. */
    readonly path: string,
    opts: CaptureSourceOptions = {},
  ) {
    const highWaterMark = opts.highWaterMark ?? DEFAULT_SOURCE_HIGH_WATER_MARK;
    super({ objectMode: true, highWaterMark });
    this.issues = new CaptureIssues(opts.reporter);
    this.assembler = new BatchAssembler(opts.batchSize ?? DEFAULT_BATCH_SIZE);
    this.maxPacketBytes = opts.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;
    this.input = new CaptureInput(path, opts.stdin ?? process.stdin);
    this.batches = this.readBatches();
  }

  /** The file's link type and snaplen, once its header (or first interface) has been read. */
  get captureInfo(): CaptureInfo | undefined {
    return this.format?.info;
  }

  /** Packets emitted so far. */
  get packets(): number {
    return this.assembler.packets;
  }

  /** Weirds raised so far about the capture file itself. */
  get weirds(): number {
    return this.issues.total;
  }

  /** Those weirds per name, for a summary. */
  get weirdCounts(): ReadonlyMap<CaptureWeirdName, number> {
    return this.issues.counts;
  }

  override _read(): void {
    if (this.pulling) return;
    this.pulling = true;

    this.batches.next().then(
      (step) => {
        this.pulling = false;
        this.push(step.done === true ? null : step.value);
      },
      (err: unknown) => this.destroy(err as Error),
    );
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.input.raw.destroy();
    this.batches.return(undefined).then(
      () => callback(err),
      () => callback(err),
    );
  }

  private async *readBatches(): AsyncGenerator<PacketBatch> {
    let splitter: RecordSplitter | undefined;
    try {
      for await (const chunk of this.input.chunks(MAGIC_HEAD_BYTES)) {
        splitter ??= this.open(chunk);
        splitter.push(chunk);
        yield* this.assembler.takeReady();
        if (splitter.stopped) break;
      }
    } catch (err) {
      this.failInput(err, splitter);
    }

    if (splitter === undefined) throw new CaptureFileError(this.path, 'empty file (0 bytes)');
    if (!this.gzipFailed) splitter.end();
    this.assembler.seal();
    yield* this.assembler.takeReady();
  }

  private open(head: Buffer): RecordSplitter {
    const ctx = {
      assembler: this.assembler,
      issues: this.issues,
      maxPacketBytes: this.maxPacketBytes,
    };
    this.format = detectCaptureFormat(head, this.path, ctx);
    return new RecordSplitter(this.format, this.assembler);
  }

  /**
   * A gzip stream that breaks after good data is damaged content: a weird, and the packets so
   * far stand. Anything else (a missing file, a read error, no capture at all) is an error.
   */
  private failInput(err: unknown, splitter: RecordSplitter | undefined): void {
    if (err instanceof CaptureFileError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (!isGzipError(err)) throw new CaptureFileError(this.path, message, { cause: err });
    if (splitter === undefined) {
      throw new CaptureFileError(this.path, `not a valid gzip file (${message})`, { cause: err });
    }

    this.gzipFailed = true;
    this.issues.report('capture_gzip_corrupt', 0, message);
  }
}

/**
 * Opens a capture file for reading as a stream of `PacketBatch`es; `-` reads standard input.
 * See `CaptureSource` for what the stream guarantees.
 */
export function openCaptureFile(path: string, opts?: CaptureSourceOptions): CaptureSource {
  return new CaptureSource(path, opts);
}

/**
 * The files framework's entry point for protocol analyzers: `start` opens a file for bytes a
 * connection carries (an HTTP body, a mail attachment, an FTP transfer) and returns a handle
 * to feed it. The manager raises Zeek's file events in Zeek's order (file_new,
 * file_over_new_connection, file_sniff, file_hash, file_timeout, file_state_remove), sniffs the
 * MIME type from the first bytes, runs the configured hashes and extraction, puts bytes that
 * arrive at offsets ahead of the stream back in order, and times out files gone idle. A
 * protocol may name a file by a handle (Zeek's file handle): while that file is open, bytes
 * started under the same handle, from any connection, go to it.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { Connection } from '../../stages/connection.js';
import type { UidGenerator } from '../../stages/conn-uid.js';
import type { NetworkTimers } from '../../stages/network-timers.js';
import { ExtractDescriptors } from './extract-descriptors.js';
import { FileExtractor, type ExtractionError } from './file-extractor.js';
import { FileHasher } from './file-hasher.js';
import { FileReassembler, MAX_FILE_OFFSET, type FileStreamSink } from './file-reassembler.js';
import type { FileOptions } from './file-options.js';
import { FileState, type HashKind } from './file-state.js';
import { sniffMimeType } from './mime-signatures.js';
import { copyBytes } from '../../stages/copy-bytes.js';

/** What the protocol knows about a file when it starts. */
export interface FileMeta {
  /** Announced size, e.g. a Content-Length. */
  readonly totalBytes?: number;
  readonly filename?: string | Uint8Array;
  readonly parentFuid?: string;
  readonly depth?: number;
}

/** The feed of one file; every method is safe to call after `end` (it does nothing). */
export interface FileHandle {
  readonly file: FileState;
  /** The protocol learned the file's full size. */
  setSize(totalBytes: number): void;
  /** The next bytes of the file, in order. `bytes` may be a view valid only during the call. */
  data(bytes: Uint8Array): void;
  /**
   * Bytes of the file at `offset` (a ranged transfer, pieces out of order): ahead of the
   * stream they are held until the bytes before them arrive or are given up as missing.
   */
  dataAt(offset: number, bytes: Uint8Array): void;
  /**
   * `length` bytes of the file were never seen: at the stream's end, or up to `offset` +
   * `length` when bytes ahead are held (what is missing before them is counted then).
   */
  gap(length: number, offset?: number): void;
  /** The file is complete (or the protocol gave up on it). */
  end(): void;
}

export class FileManager implements NetworkTimers {
  /** Files not ended yet, oldest first. */
  private readonly open = new Set<OpenFile>();
  /** Open files started under a handle, by handle. */
  private readonly named = new Map<string, OpenFile>();
  /**
   * Open files in the order their inactivity checks come up: every file waits the same
   * interval on a clock that only moves on, so a file rescheduled goes to the end.
   */
  private readonly checks = new Set<OpenFile>();
  /** Descriptors of extracted copies, bounded for all files together. */
  private readonly descriptors = new ExtractDescriptors();
  nextDue = Infinity;

  constructor(
    private readonly events: EventBus<CoreEvents>,
    private readonly uids: UidGenerator,
    private readonly options: FileOptions,
  ) {}

  /**
   * Opens a file carried by `conn` in the direction `isOrig`. `now` reads network time; the
   * handle reads it again whenever bytes arrive. With a `name` (a file handle), the file
   * already open under that name is continued instead; a connection new to it is added, with
   * file_over_new_connection, as Zeek does.
   */
  start(
    conn: Connection, isOrig: boolean, source: string, now: () => number, meta: FileMeta = {},
    name?: string,
  ): FileHandle {
    const known = name === undefined ? undefined : this.named.get(name);
    if (known !== undefined) return this.continueFile(known, conn, isOrig, meta);
    const file = new FileState(this.uids.next('F'), source, now());
    file.isOrig = isOrig;
    file.filename = meta.filename;
    file.parentFuid = meta.parentFuid;
    file.depth = meta.depth ?? 0;
    file.conns.push({ conn, isOrig });
    const handle = new OpenFile(file, this.events, this.options, this.descriptors, now, (f) => {
      this.open.delete(f);
      this.checks.delete(f);
      if (name !== undefined) this.named.delete(name);
    });
    this.open.add(handle);
    if (name !== undefined) this.named.set(name, handle);
    this.scheduleCheck(handle, file.ts);
    this.events.emit('file_new', file);
    this.events.emit('file_over_new_connection', file, conn, isOrig);
    if (meta.totalBytes !== undefined) handle.setSize(meta.totalBytes);
    return handle;
  }

  private continueFile(
    f: OpenFile, conn: Connection, isOrig: boolean, meta: FileMeta,
  ): FileHandle {
    if (!f.file.conns.some((c) => c.conn === conn)) {
      f.file.conns.push({ conn, isOrig });
      this.events.emit('file_over_new_connection', f.file, conn, isOrig);
    }
    if (meta.totalBytes !== undefined) f.setSize(meta.totalBytes);
    return f;
  }

  /**
   * Zeek's inactivity timer: a file idle for its timeout interval when its check comes up
   * times out; one that was active since is checked again an interval later.
   */
  advance(now: number): void {
    if (now < this.nextDue) return;
    for (const f of this.checks) {
      if (f.checkAt > now) break;
      if (now - f.file.lastActive >= this.options.timeoutInterval) {
        f.timeout();
      } else {
        this.checks.delete(f);
        this.scheduleCheck(f, now);
      }
    }
    const first = this.checks.values().next();
    this.nextDue = first.done === true ? Infinity : first.value.checkAt;
  }

  /** End of input: files still open time out, as Zeek's file manager ends them at shutdown. */
  drainAtEnd(): void {
    for (const f of [...this.open]) f.timeout();
    this.nextDue = Infinity;
  }

  private scheduleCheck(f: OpenFile, now: number): void {
    if (this.options.timeoutInterval <= 0) return;
    f.checkAt = now + this.options.timeoutInterval;
    this.checks.add(f);
    this.nextDue = Math.min(this.nextDue, f.checkAt);
  }
}

/** A file still receiving bytes. */
class OpenFile implements FileHandle {
  /** Network time of the next inactivity check (Infinity: none). */
  checkAt = Infinity;
  private readonly hashers: FileHasher[] = [];
  private readonly extractor: FileExtractor | undefined;
  private bof: Uint8Array[] = [];
  private bofBytes = 0;
  private sniffed = false;
  private ended = false;
  /** Bytes of the file settled so far, delivered or missing: where the stream stands. */
  private streamOffset = 0;
  /** Holds bytes that arrived ahead of the stream; created when the first such bytes come. */
  private reassembler: FileReassembler | undefined;

  constructor(
    readonly file: FileState,
    private readonly events: EventBus<CoreEvents>,
    private readonly options: FileOptions,
    descriptors: ExtractDescriptors,
    private readonly now: () => number,
    private readonly onEnd: (f: OpenFile) => void,
  ) {
    for (const kind of ['md5', 'sha1', 'sha256'] as const) {
      if (!options.hashes[kind]) continue;
      const hasher = new FileHasher(kind);
      this.hashers.push(hasher);
      file.analyzers.add(hasher.analyzerName);
    }
    if (options.extractDir !== '') {
      this.extractor = new FileExtractor(file, options.extractDir, options.extractLimitBytes,
        descriptors, (error) => this.reportExtractError(error));
    }
  }

  setSize(totalBytes: number): void {
    if (this.ended) return;
    this.file.totalBytes = totalBytes;
    this.file.lastActive = this.now();
    this.endIfComplete();
  }

  data(bytes: Uint8Array): void {
    this.dataAt(this.streamOffset, bytes);
  }

  dataAt(offset: number, bytes: Uint8Array): void {
    if (this.ended || bytes.length === 0) return;
    this.file.lastActive = this.now();

    if (!(offset >= 0 && offset <= MAX_FILE_OFFSET - bytes.length)) {
      // Past 2^53 offsets lose precision: such bytes cannot be placed, so they are dropped.
      this.file.overflowBytes += bytes.length;
    } else if (this.reassembler !== undefined) {
      this.limitHeldBytes();
      this.file.overflowBytes += this.reassembler.insert(offset, bytes);
    } else if (offset === this.streamOffset) {
      this.deliverStream(bytes);
    } else if (this.options.reassemblyBufferBytes > 0) {
      this.reassembler = new FileReassembler(this.streamSink(), this.streamOffset);
      this.reassembler.insert(offset, bytes);
    } else {
      // Out of order with nowhere to hold it: Zeek counts such bytes as overflow.
      this.file.overflowBytes += bytes.length;
    }
    this.endIfComplete();
  }

  gap(length: number, offset = this.streamOffset): void {
    if (this.ended || length <= 0) return;
    this.file.lastActive = this.now();
    if (this.reassembler !== undefined) {
      this.reassembler.flushTo(Math.min(offset + length, MAX_FILE_OFFSET));
    } else {
      const room = MAX_FILE_OFFSET - this.streamOffset;
      if (room > 0) this.gapStream(Math.min(length, room));
    }
  }

  end(): void {
    if (this.ended) return;
    this.reassembler?.flush();
    if (!this.sniffed) this.sniff();
    this.ended = true;
    this.onEnd(this);
    this.extractor?.close();
    for (const h of this.hashers) this.reportHash(h);
    this.events.emit('file_state_remove', this.file);
  }

  /** The file went idle (or input ended with it open): it ends as timed out. */
  timeout(): void {
    if (this.ended) return;
    this.file.timedout = true;
    this.events.emit('file_timeout', this.file);
    this.end();
  }

  private streamSink(): FileStreamSink {
    return { deliver: (bytes) => this.deliverStream(bytes), gap: (n) => this.gapStream(n) };
  }

  /** Past the reassembly buffer limit, what is held is settled and its holes count overflow. */
  private limitHeldBytes(): void {
    if (this.reassembler!.heldBytes <= this.options.reassemblyBufferBytes) return;
    this.file.overflowBytes += this.reassembler!.flush();
  }

  /** Zeek ends a file as soon as the stream reaches its announced size. */
  private endIfComplete(): void {
    const total = this.file.totalBytes;
    if (total !== undefined && this.streamOffset >= total) this.end();
  }

  private deliverStream(bytes: Uint8Array): void {
    this.file.seenBytes += bytes.length;
    this.streamOffset += bytes.length;
    if (!this.sniffed) this.bufferStart(bytes);
    for (const h of this.hashers) h.update(bytes);
    this.extractor?.write(bytes);
  }

  private gapStream(length: number): void {
    this.file.missingBytes += length;
    this.streamOffset += length;
    if (!this.sniffed) this.sniff();
    for (const h of this.hashers) h.gap();
    this.extractor?.skip(length);
  }

  /** Keeps the first bytes until there are enough to sniff. */
  private bufferStart(bytes: Uint8Array): void {
    const want = this.options.bofBufferBytes - this.bofBytes;
    const part = bytes.subarray(0, Math.max(0, want));
    this.bof.push(copyBytes(part));
    this.bofBytes += part.length;
    if (this.bofBytes >= this.options.bofBufferBytes) this.sniff();
  }

  private sniff(): void {
    this.sniffed = true;
    const head = Buffer.concat(this.bof);
    this.bof = [];
    const mimeType = head.length > 0 ? sniffMimeType(head) : undefined;
    this.file.mimeType = mimeType;
    this.events.emit('file_sniff', this.file, { mimeType });
  }

  private reportHash(h: FileHasher): void {
    const digest = h.finish();
    if (digest === undefined) return;
    this.file.hashes[h.kind] = digest;
    this.events.emit('file_hash', this.file, h.kind, digest);
  }

  private reportExtractError(error: ExtractionError): void {
    this.events.emit('file_extraction_error', this.file, error);
  }
}

export type { HashKind };

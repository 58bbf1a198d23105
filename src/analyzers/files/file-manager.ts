/**
 * The files framework's entry point for protocol analyzers: `start` opens a file for bytes a
 * connection carries (an HTTP body, a mail attachment, an FTP transfer) and returns a handle
 * to feed it. The manager raises Zeek's file events in Zeek's order (file_new,
 * file_over_new_connection, file_sniff, file_hash, file_state_remove), sniffs the MIME type
 * from the first bytes, and runs the configured hashes and extraction.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { Connection } from '../../stages/connection.js';
import type { UidGenerator } from '../../stages/conn-uid.js';
import { FileExtractor } from './file-extractor.js';
import { FileHasher } from './file-hasher.js';
import type { FileOptions } from './file-options.js';
import { FileState, type HashKind } from './file-state.js';
import { sniffMimeType } from './mime-signatures.js';

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
  /** `length` bytes of the file were never seen. */
  gap(length: number): void;
  /** The file is complete (or the protocol gave up on it). */
  end(): void;
}

export class FileManager {
  constructor(
    private readonly events: EventBus<CoreEvents>,
    private readonly uids: UidGenerator,
    private readonly options: FileOptions,
  ) {}

  /**
   * Opens a file carried by `conn` in the direction `isOrig`. `now` reads network time; the
   * handle reads it again whenever bytes arrive.
   */
  start(
    conn: Connection, isOrig: boolean, source: string, now: () => number, meta: FileMeta = {},
  ): FileHandle {
    const file = new FileState(this.uids.next('F'), source, now());
    file.isOrig = isOrig;
    file.filename = meta.filename;
    file.parentFuid = meta.parentFuid;
    file.depth = meta.depth ?? 0;
    file.conns.push({ conn, isOrig });
    const handle = new OpenFile(file, this.events, this.options, now);
    this.events.emit('file_new', file);
    this.events.emit('file_over_new_connection', file, conn, isOrig);
    if (meta.totalBytes !== undefined) handle.setSize(meta.totalBytes);
    return handle;
  }
}

/** A file still receiving bytes. */
class OpenFile implements FileHandle {
  private readonly hashers: FileHasher[] = [];
  private readonly extractor: FileExtractor | undefined;
  private bof: Uint8Array[] = [];
  private bofBytes = 0;
  private sniffed = false;
  private ended = false;

  constructor(
    readonly file: FileState,
    private readonly events: EventBus<CoreEvents>,
    private readonly options: FileOptions,
    private readonly now: () => number,
  ) {
    for (const kind of ['md5', 'sha1', 'sha256'] as const) {
      if (!options.hashes[kind]) continue;
      const hasher = new FileHasher(kind);
      this.hashers.push(hasher);
      file.analyzers.add(hasher.analyzerName);
    }
    if (options.extractDir !== '') {
      this.extractor = new FileExtractor(file, options.extractDir, options.extractLimitBytes,
        (message) => this.reportExtractError(message));
    }
  }

  setSize(totalBytes: number): void {
    if (!this.ended) this.file.totalBytes = totalBytes;
  }

  data(bytes: Uint8Array): void {
    if (this.ended || bytes.length === 0) return;
    this.file.seenBytes += bytes.length;
    this.file.lastActive = this.now();
    if (!this.sniffed) this.bufferStart(bytes);
    for (const h of this.hashers) h.update(bytes);
    this.extractor?.write(bytes);
  }

  gap(length: number): void {
    if (this.ended || length <= 0) return;
    this.file.missingBytes += length;
    this.file.lastActive = this.now();
    if (!this.sniffed) this.sniff();
    for (const h of this.hashers) h.gap();
    this.extractor?.skip(length);
  }

  end(): void {
    if (this.ended) return;
    if (!this.sniffed) this.sniff();
    this.ended = true;
    this.extractor?.close();
    for (const h of this.hashers) this.reportHash(h);
    this.events.emit('file_state_remove', this.file);
  }

  /** Keeps the first bytes until there are enough to sniff. */
  private bufferStart(bytes: Uint8Array): void {
    const want = this.options.bofBufferBytes - this.bofBytes;
    const part = bytes.subarray(0, Math.max(0, want));
    this.bof.push(Uint8Array.from(part));
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

  private reportExtractError(message: string): void {
    this.events.emit('file_extraction_error', this.file, message);
  }
}

export type { HashKind };

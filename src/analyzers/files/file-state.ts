/**
 * One file as the files framework tracks it (Zeek's `fa_file` with its `Files::Info`): where
 * it came from, how many bytes were seen, missed or dropped, what it looks like, and the
 * hashes and extraction results once it ends. Protocol scripts attach their own context
 * (e.g. the HTTP transaction) under `extra`.
 */
import type { Connection } from '../../stages/connection.js';

export type HashKind = 'md5' | 'sha1' | 'sha256';

export class FileState {
  /** Connections the file was seen over, with the direction it flowed in. */
  readonly conns: { conn: Connection; isOrig: boolean }[] = [];
  /** Names of the file analyzers attached (`MD5`, `SHA1`, `EXTRACT` ...), for files.log. */
  readonly analyzers = new Set<string>();
  /** Bytes delivered to the file, in order or not. */
  seenBytes = 0;
  /** Size announced by the protocol (e.g. Content-Length); unset when unknown. */
  totalBytes: number | undefined;
  /** Bytes that were never seen (content gaps). */
  missingBytes = 0;
  /** Bytes that arrived out of order and did not fit the reassembly buffer. */
  overflowBytes = 0;
  /** Network time of the most recent activity. */
  lastActive: number;
  /** Whether the file ended because it went idle. */
  timedout = false;
  /** MIME type sniffed from the first bytes; unset if no signature matched. */
  mimeType: string | undefined;
  /** Name the protocol gave it (Content-Disposition, MIME headers ...). */
  filename: string | Uint8Array | undefined;
  /** Which side sent it: true when the originator did. */
  isOrig: boolean | undefined;
  /** Depth of the file inside its carrier (0 for a top-level body). */
  depth = 0;
  parentFuid: string | undefined;
  readonly hashes: Partial<Record<HashKind, string>> = {};
  /** Path of the extracted copy, its size, and whether the size limit cut it short. */
  extracted: string | undefined;
  extractedSize: number | undefined;
  extractedCutoff: boolean | undefined;
  /** Per-protocol context attached by scripts, by name (Zeek's `f$http`, `f$smtp`). */
  readonly extra = new Map<string, unknown>();

  constructor(
    /** The file id: `F` and base62 digits. */
    readonly id: string,
    /** Analyzer that carried it, as Zeek names it: `HTTP`, `SMTP`, `FTP_DATA`. */
    readonly source: string,
    /** Network time the file was first seen. */
    readonly ts: number,
  ) {
    this.lastActive = ts;
  }

  /** Seconds between first and last activity. */
  get duration(): number {
    return this.lastActive - this.ts;
  }
}

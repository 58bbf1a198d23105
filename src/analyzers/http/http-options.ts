/**
 * Limits and policy of HTTP analysis, from the `http` section of the configuration. Defaults
 * follow Zeek's so logs match; each limit says what it protects.
 */

export interface HttpOptions {
  /**
   * Longest line (request line, status line, header line, chunk size) held while waiting for
   * its end; past it the line is cut (weird contentline_size_exceeded). Protects memory from
   * a peer that never sends a line end.
   */
  readonly maxLineBytes: number;
  /**
   * Header fields per message passed on; further ones are dropped (weird
   * HTTP_too_many_headers, history X). 0: no limit, memory grows with a header bomb only as far
   * as http_all_headers handlers keep them.
   */
  readonly maxHeaders: number;
  /** Bytes of one folded header field kept (Zeek's MIME::max_header_bytes). */
  readonly maxHeaderBytes: number;
  /**
   * Nesting depth of MIME entities parsed in a multipart or message/* body (Zeek's
   * MIME::max_depth); deeper ones are skipped (weird exceeded_mime_max_depth, history X).
   */
  readonly mimeMaxDepth: number;
  /**
   * Parts (MIME entities) parsed per message body; further ones are skipped (weird
   * exceeded_mime_max_entities, history X). 0: no limit, as in Zeek. Bounds the files and
   * events one body can make.
   */
  readonly maxMimeEntities: number;
  /** Requests waiting for replies before all are logged (Zeek's HTTP::max_pending_requests). */
  readonly maxPendingRequests: number;
  /** File ids logged per transaction and direction (Zeek's HTTP::max_files_orig/resp). */
  readonly maxFilesOrig: number;
  readonly maxFilesResp: number;
  /**
   * Decompressed bytes produced per gzip/deflate body; past it the rest of the body is counted
   * but not decompressed (weird HTTP_decompression_limit). Protects memory from zip bombs.
   */
  readonly maxDecompressedBytes: number;
  /** Whether Basic-Auth passwords are logged (Zeek's HTTP::default_capture_password). */
  readonly capturePasswords: boolean;
}

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  maxLineBytes: 16 * 1024 * 1024 - 100,
  maxHeaders: 1000,
  maxHeaderBytes: 65536,
  mimeMaxDepth: 100,
  maxMimeEntities: 1000,
  maxPendingRequests: 100,
  maxFilesOrig: 15,
  maxFilesResp: 15,
  maxDecompressedBytes: 104857600,
  capturePasswords: false,
};

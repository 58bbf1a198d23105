/**
 * The analyzers' option objects, built from the configuration's `http` and `files` sections.
 */
import type { FileOptions } from '../analyzers/files/file-options.js';
import type { HttpOptions } from '../analyzers/http/http-options.js';
import type { WirelogConfig } from './config.js';

export function httpOptions(config: WirelogConfig): HttpOptions {
  const h = config.http;
  return {
    maxLineBytes: h.max_line_bytes,
    maxHeaders: h.max_headers,
    maxHeaderBytes: h.max_header_bytes,
    mimeMaxDepth: h.mime_max_depth,
    maxMimeEntities: h.max_mime_entities,
    maxPendingRequests: h.max_pending_requests,
    maxFilesOrig: h.max_files_orig,
    maxFilesResp: h.max_files_resp,
    maxDecompressedBytes: h.max_decompressed_bytes,
    capturePasswords: h.capture_passwords,
  };
}

/** `hashAndExtractColumns`: whether Zeek's hash and extract scripts would be loaded. */
export function fileOptions(config: WirelogConfig, hashAndExtractColumns: boolean): FileOptions {
  const f = config.files;
  return {
    bofBufferBytes: f.bof_buffer_bytes,
    hashes: { md5: f.hash_md5, sha1: f.hash_sha1, sha256: f.hash_sha256 },
    extractDir: f.extract_dir,
    extractLimitBytes: f.extract_limit_bytes,
    timeoutInterval: f.timeout_interval,
    reassemblyBufferBytes: f.reassembly_buffer_bytes,
    // Turning hashing or extraction on loads Zeek's hash and extract scripts, columns included.
    hashAndExtractColumns: hashAndExtractColumns || f.hash_md5 || f.hash_sha1 || f.hash_sha256 ||
      f.extract_dir !== '',
  };
}

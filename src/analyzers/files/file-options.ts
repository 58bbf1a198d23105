/**
 * Limits and policy of the files framework, from the `files` section of the configuration.
 */

export interface FileOptions {
  /** Bytes of a file's start kept for MIME sniffing (Zeek's default_file_bof_buffer_size). */
  readonly bofBufferBytes: number;
  /** Hashes computed for every file; Zeek computes none unless a policy script asks. */
  readonly hashes: { readonly md5: boolean; readonly sha1: boolean; readonly sha256: boolean };
  /** Folder extracted files are written to; empty turns extraction off. */
  readonly extractDir: string;
  /** Bytes written per extracted file at most (0: no limit, the disk is the limit). */
  readonly extractLimitBytes: number;
  /**
   * Seconds a file may go without activity before it times out (Zeek's
   * Files::default_timeout_interval); 0 turns the check off. Files still open at the end of
   * input time out either way.
   */
  readonly timeoutInterval: number;
  /**
   * Bytes held per file that arrived ahead of its stream (Zeek's Files::reassembly_buffer_size);
   * past it, the holes before them are given up. 0 holds nothing: such bytes count as overflow.
   */
  readonly reassemblyBufferBytes: number;
  /** Whether files.log carries the hash and extraction columns (Zeek's default scripts). */
  readonly hashAndExtractColumns: boolean;
}

export const DEFAULT_FILE_OPTIONS: FileOptions = {
  bofBufferBytes: 4096,
  hashes: { md5: false, sha1: false, sha256: false },
  extractDir: '',
  extractLimitBytes: 104857600,
  timeoutInterval: 120,
  reassemblyBufferBytes: 524288,
  hashAndExtractColumns: true,
};

/**
 * An output that cannot be created or written: the log folder, a log file, or the pcap copy of
 * the packets (`-w`). Like a bad input file it ends the run with status 1, and its message names
 * the path and the system's reason.
 */
export class OutputError extends Error {
  constructor(
    /** The output as given on the command line or in the configuration. */
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'OutputError';
  }
}

/**
 * The system's reason for a failed file operation, without Node's repetition of the call and
 * path: `no such file or directory (ENOENT)`.
 */
export function systemReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  if (code === undefined) return err.message;

  // Node words a system error as `CODE: description, syscall 'path'`.
  const described = /^[A-Z0-9_]+: (.*?)(?:, \w+(?: '.*)?)?$/.exec(err.message);
  return described === null ? `${err.message}` : `${described[1]} (${code})`;
}

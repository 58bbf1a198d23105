/**
 * A capture that cannot be read at all: missing, unreadable, empty, or not a capture format.
 * The source emits it as a stream `'error'`; damage inside a readable capture is a weird instead.
 */
export class CaptureFileError extends Error {
  constructor(
    /** The path as given, `-` for standard input. */
    readonly file: string,
    /** What is wrong, without the file name. */
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read capture ${file === '-' ? '- (standard input)' : file}: ${problem}`, options);
    this.name = 'CaptureFileError';
  }
}

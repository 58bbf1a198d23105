/**
 * Errors from compiling a filter expression. Both carry the 0-based character `position` in
 * the expression where the problem was found, so a caller can point at it.
 */

/** The expression does not follow the grammar (bad token, missing operand, stray bracket). */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at column ${position + 1}`);
    this.name = 'FilterSyntaxError';
  }
}

/**
 * The expression parses but cannot be compiled for this link type, or a value is out of range
 * (`vlan` on raw IP, `port 70000`). Messages follow libpcap's wording where it has one.
 */
export class FilterCompileError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FilterCompileError';
  }
}

/**
 * Limits of the MIME parser, with Zeek's defaults (its `MIME::` constants). They bound what one
 * mail can make the parser hold or nest.
 */
export interface MimeOptions {
  /** Nesting depth at which child entities are no longer parsed (0: no limit). */
  readonly maxDepth: number;
  /** Bytes of one header field (continuation lines included) kept (0: no limit). */
  readonly maxHeaderBytes: number;
  /**
   * Entities begun below the top one in one message; further parts are skipped (0 or unset:
   * no limit). Bounds the files and events one body can make.
   */
  readonly maxEntities?: number;
}

export const DEFAULT_MIME_OPTIONS: MimeOptions = {
  maxDepth: 100,
  maxHeaderBytes: 65536,
};

/**
 * What a MIME entity reports to the message it belongs to: entity boundaries, header fields,
 * decoded body bytes, and the oddities it tolerated. The mail analyzer turns these into events
 * and files.
 */
import type { MimeHeader } from './mime-header.js';

export type MimeEventKind = 'illegal format' | 'illegal encoding';

export interface MimeMessage {
  /** A child entity starts (the top-level one included). */
  beginEntity(): void;
  /** The current entity ended; `isPart`: it was one part of a multipart body. */
  endEntity(isPart: boolean): void;
  /**
   * The current entity's header block ended (its body, if any, follows); `isPart`: it is one
   * part of a multipart body. HTTP reads such a body with only CRLF ending lines.
   */
  headersDone?(isPart: boolean): void;
  /** A complete header field of the current entity. */
  header(h: MimeHeader): void;
  /** Decoded body bytes of the current entity; `bytes` is owned by the receiver. */
  data(bytes: Uint8Array): void;
  /** Malformed MIME that parsing survived. */
  event(kind: MimeEventKind, detail: string): void;
  /** A weird about the carrying connection (e.g. bad Base64). */
  weird(name: string, addl?: string): void;
  /** A limit was hit: a weird with the value reached (and the limit), and history `X`. */
  limitReached(name: string, value: number, limit?: number): void;
}

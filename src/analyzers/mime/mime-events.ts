/**
 * Events of the MIME parser, with Zeek's names and argument order. They are raised for each
 * entity of a mail (the top-level message and every part of a multipart body). Text arguments
 * are wire text: one character per byte (see analyzers/wire-text.ts).
 */
import type { Connection } from '../../stages/connection.js';

/** One header field of an entity (Zeek's `mime_header_rec`). */
export interface MimeHeaderRecord {
  /** The field name as sent. */
  readonly originalName: string;
  /** The field name upper-cased, for matching. */
  readonly name: string;
  /** The value after the colon, leading whitespace removed, continuation lines joined. */
  readonly value: string;
}

export interface MimeEvents {
  /** An entity starts: its headers follow. */
  mime_begin_entity: [c: Connection];
  /** One header field of the current entity. */
  mime_one_header: [c: Connection, h: MimeHeaderRecord];
  /** The current entity ended (its body, and its children, are done). */
  mime_end_entity: [c: Connection];
  /** Malformed MIME that is not fatal: `eventType` is `illegal format` or `illegal encoding`. */
  mime_event: [c: Connection, eventType: string, detail: string];
}

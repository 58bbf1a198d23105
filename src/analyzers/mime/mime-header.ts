/**
 * One header field of a MIME entity, from its lines joined as sent (a continuation line keeps
 * its leading blank, RFC 2822 section 2.2.3 unfolding without the CRLF). A field without a
 * name or without a colon after it is malformed and is dropped, as Zeek drops it.
 */
import { fieldName, skipLwsAndComments, token } from './mime-tokens.js';
import type { MimeHeaderRecord } from './mime-events.js';

/** Leading characters C's isspace() skips in front of a value. */
const LEADING_SPACE = /^[\t\n\v\f\r ]+/;

export class MimeHeader implements MimeHeaderRecord {
  private constructor(
    readonly originalName: string,
    readonly name: string,
    readonly value: string,
  ) {}

  /** Parses a joined field; undefined when it has no name or no colon. */
  static parse(line: string): MimeHeader | undefined {
    const n = fieldName(line);
    if (n === undefined) return undefined;
    const colon = skipLwsAndComments(line, n.end);
    if (colon >= line.length || line.charCodeAt(colon) !== 0x3a) return undefined;

    const original = line.slice(n.start, n.end);
    const value = line.slice(colon + 1).replace(LEADING_SPACE, '');
    return new MimeHeader(original, original.toUpperCase(), value);
  }

  /** The value's first token (e.g. an encoding name) and what follows it. */
  firstToken(): { token: string; rest: string } | undefined {
    const t = token(this.value, 0);
    if (t === undefined) return undefined;
    return { token: this.value.slice(t.start, t.end), rest: this.value.slice(t.end) };
  }
}

/**
 * The Content-Range field of a 206 reply (`bytes first-last/length`, RFC 9110 14.4), read as
 * Zeek's HTTP analyzer reads it: the unit is the value's first token and must be `bytes`;
 * blanks in the rest are dropped; first and last are read as C's int64 prefixes (trailing junk
 * ignored, overflow refused). Each way it can fail has Zeek's weird name; an unreadable
 * complete length still leaves a usable range, with a weird.
 */
import { latin1 } from './http-bytes.js';
import { valueToken } from './http-header.js';
import { readBigInt64Prefix } from './http-number.js';

export interface ContentRange {
  /** Offset of the body's first byte in the whole file. */
  readonly first: number;
  /** Bytes the range covers (`last - first + 1`). */
  readonly length: number;
  /** Size of the whole file: -1 when unknown (`*`), 0 when unreadable, as Zeek keeps it. */
  readonly instanceLength: number;
}

export interface ContentRangeParse {
  /** The range, unless the field was unusable. */
  readonly range?: ContentRange;
  /** What was wrong, as Zeek's weird name and its detail. */
  readonly weird?: { readonly name: string; readonly addl?: string };
}

const INT64_MAX = (1n << 63n) - 1n;

export function parseContentRange(value: Uint8Array): ContentRangeParse {
  const tv = valueToken(value);
  if (tv === undefined || latin1(tv.token) !== 'bytes') {
    return { weird: { name: 'HTTP_content_range_unknown_byte_unit' } };
  }
  const spec = latin1(tv.rest).replaceAll(' ', '');
  const slash = spec.indexOf('/');
  const dash = slash < 0 ? -1 : spec.slice(0, slash).indexOf('-');
  if (dash < 0) return { weird: { name: 'HTTP_content_range_cannot_parse' } };

  const first = readBigInt64Prefix(bytesOf(spec.slice(0, dash)), 10);
  const last = readBigInt64Prefix(bytesOf(spec.slice(dash + 1, slash)), 10);
  const fail = (name: string): ContentRangeParse => ({ weird: { name, addl: spec } });
  if (first === undefined || last === undefined) return fail('HTTP_content_range_cannot_parse');
  if (first < 0n || last < 0n) return fail('HTTP_content_range_invalid');
  if (last < first) return fail('HTTP_non_positive_content_range');
  // The range includes both ends, so its length is one more than the difference.
  if (last - first > INT64_MAX - 1n) return fail('HTTP_content_range_overflow');

  const range = { first: Number(first), length: Number(last - first + 1n), instanceLength: -1 };
  const total = spec.slice(slash + 1);
  if (total === '*') return { range };
  const n = readBigInt64Prefix(bytesOf(total), 10);
  if (n === undefined) {
    const weird = { name: 'HTTP_content_range_invalid_instance', addl: spec };
    return { range: { ...range, instanceLength: 0 }, weird };
  }
  return { range: { ...range, instanceLength: Number(n) } };
}

function bytesOf(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

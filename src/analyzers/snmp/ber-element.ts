/**
 * BER element headers (X.690 section 8.1) read the way Zeek's SNMP analyzer reads them: a
 * one-byte tag, a short or long-form length, and for a primitive element its content bytes.
 * Elements are read one after another without nesting: a constructed element's length is read
 * but not enforced, so nothing recurses however deep the encoding nests.
 */
import type { BoundedReader } from '../bounded-reader.js';
import { berUnsigned, type BerIssues } from './ber-values.js';

export const BerTag = {
  integer: 0x02,
  octetString: 0x04,
  objectIdentifier: 0x06,
  sequence: 0x30,
  ipAddress: 0x40,
  counter32: 0x41,
  unsigned32: 0x42,
  timeTicks: 0x43,
  opaque: 0x44,
  counter64: 0x46,
} as const;

const LONG_FORM = 0x80;
const LENGTH_MASK = 0x7f;

/** A tag and the length that followed it; `length` is what the element claims. */
export interface BerMeta {
  readonly tag: number;
  readonly length: bigint;
}

/** A primitive element: its tag and a view of its content. */
export interface BerEncoding {
  readonly tag: number;
  readonly content: Uint8Array;
}

/** Reads a tag and length; undefined when the input ends first. */
export function readBerMeta(r: BoundedReader, issues: BerIssues): BerMeta | undefined {
  const tag = r.u8();
  const first = r.u8();
  const lengthBytes = (first & LONG_FORM) !== 0 ? r.bytes(first & LENGTH_MASK) : undefined;
  if (r.overrun) return undefined;
  const length = lengthBytes === undefined ? BigInt(first) : berUnsigned(lengthBytes, issues);
  return { tag, length };
}

/** Reads a tag, length and the content; undefined when the content runs past the end. */
export function readBerEncoding(r: BoundedReader, issues: BerIssues): BerEncoding | undefined {
  const meta = readBerMeta(r, issues);
  if (meta === undefined || meta.length > BigInt(r.remaining())) {
    r.overrun = true;
    return undefined;
  }
  return { tag: meta.tag, content: r.bytes(Number(meta.length)) };
}

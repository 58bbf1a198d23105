/**
 * Values of BER primitive contents as Zeek turns them into script values: integers as 64-bit
 * two's complement of at most 8 content bytes, object identifiers as dotted text.
 */

/** Where a decoder reports what Zeek reports as weirds while decoding. */
export interface BerIssues {
  weird(name: string, addl: string): void;
}

/** Content bytes beyond which an integer is not decoded (a 64-bit value). */
const MAX_INTEGER_BYTES = 8;
/** A subidentifier longer than this would need more than 64 bits. */
const MAX_SUBIDENTIFIER_BYTES = 10;
const CONTINUATION = 0x80;
const SEVEN_BITS = 0x7f;
/** The first subidentifier packs the first two arcs as 40 * first + second (X.690 8.19.4). */
const FIRST_ARC_DIVISOR = 40;

/**
 * The big-endian content as an unsigned 64-bit value; 0 (and a weird) when longer than 8
 * bytes. A content of 8 bytes with its top bit set is a negative 64-bit value read unsigned.
 */
export function berUnsigned(content: Uint8Array, issues: BerIssues): bigint {
  if (content.length > MAX_INTEGER_BYTES) {
    issues.weird('asn_binary_to_int64_shift_too_large', String(content.length));
    return 0n;
  }
  let value = 0n;
  for (const byte of content) value = (value << 8n) | BigInt(byte);
  return value;
}

/** The content as a signed 64-bit value (Zeek's `int`). */
export function berSigned(content: Uint8Array, issues: BerIssues): bigint {
  return BigInt.asIntN(64, berUnsigned(content, issues));
}

/** Dotted object identifier text; empty when the content is empty, cut short, or too long. */
export function berOidText(content: Uint8Array, issues: BerIssues): string {
  const groups = subidentifiers(content);
  if (groups === undefined) return '';
  const tooLong = groups.find((g) => g.length > MAX_SUBIDENTIFIER_BYTES);
  if (tooLong !== undefined) {
    issues.weird('asn_oid_subidentifier_too_long', String(tooLong.length));
    return '';
  }

  const values = groups.map(subidentifierValue);
  // The first value goes through a C int: only its low 32 bits count, signed.
  const first = Number(BigInt.asIntN(32, values[0]));
  const head = `${Math.trunc(first / FIRST_ARC_DIVISOR)}.${first % FIRST_ARC_DIVISOR}`;
  return [head, ...values.slice(1).map(String)].join('.');
}

/** The 7-bit groups of each subidentifier; undefined if none or the last one is unfinished. */
function subidentifiers(content: Uint8Array): number[][] | undefined {
  const groups: number[][] = [];
  let current: number[] = [];
  for (const byte of content) {
    current.push(byte & SEVEN_BITS);
    if ((byte & CONTINUATION) !== 0) continue;
    groups.push(current);
    current = [];
  }
  return current.length > 0 || groups.length === 0 ? undefined : groups;
}

function subidentifierValue(group: number[]): bigint {
  let value = 0n;
  for (const bits of group) value = BigInt.asUintN(64, (value << 7n) | BigInt(bits));
  return value;
}

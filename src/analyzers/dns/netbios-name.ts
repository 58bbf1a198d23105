/**
 * NetBIOS names as NetBIOS name service sends them (RFC 1001, 14.1): 16 bytes, each split
 * into two nibbles written as the letters 'A' to 'P', 32 letters in all. The 16th byte is the
 * name's type suffix and trailing spaces are padding, so both are dropped.
 */

const ENCODED_BYTES = 32;
const NAME_BYTES = 16;
const LETTER_A = 0x41;
const LETTER_P = 0x50;
const SPACE = 0x20;
/** Control bytes seen at the start of real names; they are passed through. */
const LOW_CONTROL_LIMIT = 3;

/** The decoded name, or '' when `encoded` is not a NetBIOS encoding (as Zeek decides it). */
export function decodeNetbiosName(encoded: string): string {
  if (encoded.length !== ENCODED_BYTES) return '';

  const bytes: number[] = [];
  for (let i = 0; i < NAME_BYTES; i++) {
    const hi = upper(encoded.charCodeAt(2 * i));
    const lo = upper(encoded.charCodeAt(2 * i + 1));
    if (!isNibbleLetter(hi) || !isNibbleLetter(lo)) return '';
    const b = ((hi - LETTER_A) << 4) + (lo - LETTER_A);
    if (!isNameByte(b)) break;
    bytes.push(b);
  }

  if (bytes.length === NAME_BYTES) bytes.pop();
  while (bytes.length > 0 && (bytes[bytes.length - 1] === SPACE || bytes[bytes.length - 1] === 0)) {
    bytes.pop();
  }
  return String.fromCharCode(...bytes);
}

function upper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
}

function isNibbleLetter(c: number): boolean {
  return c >= LETTER_A && c <= LETTER_P;
}

/** Letters, digits, punctuation, space, or a low control byte. */
function isNameByte(b: number): boolean {
  const printable = b > SPACE && b < 0x7f;
  return printable || b === SPACE || b < LOW_CONTROL_LIMIT;
}

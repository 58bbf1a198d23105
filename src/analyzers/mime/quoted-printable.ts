/**
 * Decodes one line of a quoted-printable body (RFC 2045 section 6.7) the way Zeek does:
 * trailing blanks are dropped, a final `=` is a soft line break, `=XX` is a byte, and anything
 * malformed is kept as it is (the robust decoder the RFC suggests) and reported.
 */

const TAB = 9;
const SPACE = 32;
const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

function signed(c: number): number {
  return c > 127 ? c - 256 : c;
}

/** Printable except `=`, plus tab and space: the characters that stand for themselves. */
function isLiteral(c: number): boolean {
  return (c >= 33 && c <= 60) || (c >= 62 && c <= 126) || c === TAB || c === SPACE;
}

/**
 * Appends the decoded bytes of `line` (without its line end) to `out`, with a CRLF unless the
 * line ends in a soft break. `illegal` hears about each malformed sequence.
 */
export function decodeQuotedPrintableLine(
  line: Uint8Array, out: number[], illegal: (detail: string) => void,
): void {
  let last = line.length - 1;
  while (last >= 0 && (line[last] === TAB || line[last] === SPACE)) last--;

  let softBreak = false;
  for (let i = 0; i <= last; i++) {
    const c = line[i];
    if (c === EQUALS) {
      if (i === last) {
        softBreak = true;
        continue;
      }
      const hi = i + 2 < line.length ? hexValue(line[i + 1]) : -1;
      const lo = i + 2 < line.length ? hexValue(line[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        out.push((hi << 4) + lo);
        i += 2;
        continue;
      }
      illegal('= is not followed by two hexadecimal digits in quoted-printable encoding');
      out.push(c);
    } else {
      // Zeek prints the byte as a signed char: 0xe9 shows as -23.
      if (!isLiteral(c)) illegal(`control characters in quoted-printable encoding: ${signed(c)}`);
      out.push(c);
    }
  }
  if (!softBreak) out.push(CR, LF);
}

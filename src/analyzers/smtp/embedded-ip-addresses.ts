/**
 * IP addresses written inside text (Received and X-Originating-IP headers), as Zeek's
 * `extract_ip_addresses` finds them: the text is split at the longest address-looking match
 * at each position, valid addresses are kept, and with `checkWrapping` only those that stand
 * alone or inside matching brackets, parentheses, braces or spaces count, so that version
 * numbers and the like in a header are not taken for hosts.
 */
import { isIP } from 'node:net';

const DEC = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|0[0-9]{2}|[0-9]{2}|[0-9])';
const V4 = `${DEC}\\.${DEC}\\.${DEC}\\.${DEC}`;
const HEX = '[0-9A-Fa-f]{1,4}';

/** Zeek's ip_addr_regex, one alternative each, so the longest can be chosen. */
const ALTERNATIVES: readonly RegExp[] = [
  V4,
  `(?:${HEX}:){7}${HEX}`,
  `(?:${HEX}:){6}${V4}`,
  `::(?:${HEX}(?::${HEX}){0,6})?`,
  ...[0, 1, 2, 3, 4, 5].map((n) => `${HEX}(?::${HEX}){${n}}::(?:${HEX}(?::${HEX}){0,${5 - n}})?`),
  `${HEX}(?::${HEX}){6}::`,
  `::(?:${HEX}(?::${HEX}){0,4})?${V4}`,
  ...[0, 1, 2, 3].map((n) => `${HEX}(?::${HEX}){${n}}::(?:${HEX}(?::${HEX}){0,${3 - n}})?${V4}`),
  `${HEX}(?::${HEX}){4}::${V4}`,
].map((source) => new RegExp(source, 'y'));

/** Length of the longest address-looking match at `t`, or 0. */
function longestMatchAt(s: string, t: number): number {
  let longest = 0;
  for (const re of ALTERNATIVES) {
    re.lastIndex = t;
    const m = re.exec(s);
    if (m !== null && m[0].length > longest) longest = m[0].length;
  }
  return longest;
}

/** `s` split into text and matches: matches at the odd indexes (Zeek's split_string_all). */
function splitAtAddresses(s: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let t = 0; t < s.length; t++) {
    const n = longestMatchAt(s, t);
    if (n === 0) continue;
    parts.push(s.slice(start, t), s.slice(t, t + n));
    start = t + n;
    t += n - 1;
  }
  parts.push(s.slice(start));
  return parts;
}

const WRAPPERS: readonly [string, string][] = [['[', ']'], ['(', ')'], ['{', '}'], [' ', ' ']];

function isWrapped(before: string, after: string): boolean {
  if (before.length === 0 && after.length === 0) return true;
  const open = before[before.length - 1];
  return WRAPPERS.some(([o, c]) => open === o && after[0] === c);
}

export function extractIpAddresses(s: string, checkWrapping = false): string[] {
  const parts = splitAtAddresses(s);
  const found: string[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    if (isIP(parts[i]) === 0) continue;
    if (!checkWrapping || isWrapped(parts[i - 1], parts[i + 1])) found.push(parts[i]);
  }
  return found;
}

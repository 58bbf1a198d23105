/**
 * The data channel endpoints an FTP session announces: PORT and PASV replies carry
 * `h1,h2,h3,h4,p1,p2` (RFC 959 section 4.1.2), EPRT and EPSV replies `<d>proto<d>addr<d>port<d>`
 * (RFC 2428). Parsing follows Zeek's so the same announcements count as valid. Addresses come
 * out in the form conn.log gives a connection's hosts, so an announced endpoint is found again
 * when the data connection arrives, however the announcement spelled it.
 */
import { formatIp } from '../../stages/ip-address.js';
import { parseIp } from '../conn/local-networks.js';

/** An announced endpoint; `valid` is false when the text did not parse. */
export interface FtpPort {
  /** The address as conn.log writes it; `::` when an extended form gave none or a bad one. */
  readonly h: string;
  readonly p: number;
  readonly valid: boolean;
}

const INVALID_V4: FtpPort = { h: '0.0.0.0', p: 0, valid: false };
/** The shortest `a,b,c,d,e,f` text. */
const MIN_PORT_TEXT = 11;
const MAX_PORT = 65535;

/** `h1,h2,h3,h4,p1,p2` (leading blanks and signs allowed before each number, as scanf does). */
export function parseFtpPort(text: string): FtpPort {
  if (text.length < MIN_PORT_TEXT) return INVALID_V4;
  const numbers = scanNumbers(text, 6, ',')?.values;
  if (numbers === undefined) return INVALID_V4;
  if (!numbers.every(isByte)) return INVALID_V4;
  const [a, b, c, d, p1, p2] = numbers;
  return { h: `${a}.${b}.${c}.${d}`, p: (p1 << 8) | p2, valid: true };
}

/**
 * Reads `count` integers separated by `sep` from the start of `text`, each as scanf's `%d`
 * reads one (leading blanks, a sign, stored in a C int), and what follows them.
 */
function scanNumbers(
  text: string, count: number, sep: string,
): { values: number[]; rest: string } | undefined {
  const values: number[] = [];
  let i = 0;
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      if (text[i] !== sep) return undefined;
      i++;
    }
    const n = strtol(text, i);
    if (n.end === i) return undefined;
    values.push(n.value);
    i = n.end;
  }
  return { values, rest: text.slice(i) };
}

/**
 * The address of an extended form in conn.log's form, or undefined where Zeek rejects it: text
 * with a colon is IPv6 as inet_pton reads it (no zone id; an IPv4-mapped address is the IPv4
 * one), other text a dotted quad as scanf's `%d.%d.%d.%d` reads it, with nothing after it.
 */
function addressOf(text: string): string | undefined {
  if (!text.includes(':')) {
    const quad = scanNumbers(text, 4, '.');
    if (quad === undefined || quad.rest !== '') return undefined;
    return quad.values.every(isByte) ? quad.values.join('.') : undefined;
  }
  // inet_pton takes no leading zero in an embedded dotted quad.
  if (/(?:^|[.:])0\d[\d.]*$/.test(text) && text.includes('.')) return undefined;
  const bytes = parseIp(text);
  return bytes.length === 16 ? formatIp(bytes, 0, 6) : undefined;
}

function isByte(n: number): boolean {
  return n >= 0 && n <= 255;
}

/** A PASV reply: the numbers after `(`, after `PORT`, or the digits before the first comma. */
export function parseFtpPasv(msg: string): FtpPort {
  if (msg.length === 0) return INVALID_V4;
  const paren = msg.indexOf('(');
  if (paren >= 0) return parseFtpPort(msg.slice(paren + 1));
  const port = msg.indexOf('PORT');
  if (port >= 0) return port + 5 > msg.length ? INVALID_V4 : parseFtpPort(msg.slice(port + 5));
  const comma = msg.indexOf(',');
  if (comma < 0) return INVALID_V4;
  let start = comma;
  while (start > 0 && isDigit(msg.charCodeAt(start - 1))) start--;
  return parseFtpPort(msg.slice(start));
}

/** An EPSV reply: the extended form after `(`. */
export function parseFtpEpsv(msg: string): FtpPort {
  const paren = msg.indexOf('(');
  return parseEftp(paren >= 0 ? msg.slice(paren + 1) : undefined);
}

/** An EPRT argument: `<d>proto<d>addr<d>port<d>`. */
export function parseEftpPort(arg: string): FtpPort {
  return parseEftp(arg);
}

/**
 * Walks the text as Zeek's parser does, position by position rather than by fields, so
 * malformed text comes out the same: the protocol number must end at a delimiter, an
 * address (if the next field is not empty) alone decides validity so far, and the port must
 * end at a delimiter and fit 0-65535. Without a delimiter after the address, the port is 0.
 */
function parseEftp(text: string | undefined): FtpPort {
  const none: FtpPort = { h: '::', p: 0, valid: false };
  if (text === undefined) return none;
  const s = text.replace(C_SPACES, '');
  if (s === '') return none;
  const d = s[0];

  let valid = true;
  const proto = strtol(s, 1);
  if (s[proto.end] !== d) valid = false;
  let i = proto.end < s.length ? proto.end + 1 : proto.end;

  let h = '::';
  if (i < s.length && s[i] !== d) {
    const next = s.indexOf(d, i);
    const parsed = addressOf(s.slice(i, next < 0 ? s.length : next));
    valid = parsed !== undefined;
    if (parsed !== undefined) h = parsed;
  }

  i = s.indexOf(d, i);
  if (i < 0) return { h, p: 0, valid };
  const port = strtol(s, i + 1);
  if (s[port.end] !== d) valid = false;
  if (port.value < 0 || port.value > MAX_PORT) return { h, p: 0, valid: false };
  return { h, p: port.value, valid };
}

const C_SPACES = /^[\t\n\v\f\r ]+/;
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/**
 * strtol in base 10 from `start`, its result stored in a C int as Zeek stores it: leading
 * blanks and a sign allowed, saturated at the 64-bit long range, then cut to 32 bits. `end` is
 * where the number ended, or `start` when there was none.
 */
function strtol(s: string, start: number): { value: number; end: number } {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d+)/.exec(s.slice(start));
  if (m === null) return { value: 0, end: start };
  let v = BigInt(m[2]);
  if (m[1] === '-') v = -v;
  if (v > LONG_MAX) v = LONG_MAX;
  if (v < LONG_MIN) v = LONG_MIN;
  return { value: Number(BigInt.asIntN(32, v)), end: start + m[0].length };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

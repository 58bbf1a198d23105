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

/** Reads `count` integers separated by `sep` from the start of `text`, and what follows. */
function scanNumbers(
  text: string, count: number, sep: string,
): { values: number[]; rest: string } | undefined {
  const re = /^[\t\n\v\f\r ]*([+-]?\d+)/;
  const values: number[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      if (!rest.startsWith(sep)) return undefined;
      rest = rest.slice(1);
    }
    const m = re.exec(rest);
    if (m === null) return undefined;
    values.push(Number(m[1]));
    rest = rest.slice(m[0].length);
  }
  return { values, rest };
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

function parseEftp(text: string | undefined): FtpPort {
  const none: FtpPort = { h: '::', p: 0, valid: false };
  if (text === undefined) return none;
  const s = text.replace(/^[\t\n\v\f\r ]+/, '');
  if (s === '') return none;
  const d = s[0];

  const fields = s.slice(1).split(d);
  let valid = /^[\t\n\v\f\r ]*[+-]?\d*$/.test(fields[0]) && fields.length > 1;
  let h = '::';
  const addr = fields[1] ?? '';
  if (addr !== '') {
    const parsed = addressOf(addr);
    valid = parsed !== undefined;
    if (parsed !== undefined) h = parsed;
  }
  if (fields.length < 3) return { h, p: 0, valid };

  const port = /^[\t\n\v\f\r ]*([+-]?\d+)?/.exec(fields[2])!;
  const p = Number(port[1] ?? 0);
  if (port[0].length !== fields[2].length || fields.length < 4) valid = false;
  if (p < 0 || p > MAX_PORT) return { h, p: 0, valid: false };
  return { h, p, valid };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

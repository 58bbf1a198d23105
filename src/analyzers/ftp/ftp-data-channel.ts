/**
 * The data channel endpoints an FTP session announces: PORT and PASV replies carry
 * `h1,h2,h3,h4,p1,p2` (RFC 959 section 4.1.2), EPRT and EPSV replies `<d>proto<d>addr<d>port<d>`
 * (RFC 2428). Parsing follows Zeek's so the same announcements count as valid.
 */
import { isIP } from 'node:net';

/** An announced endpoint; `valid` is false when the text did not parse. */
export interface FtpPort {
  /** Address text; `::` when an extended form gave none. */
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
  const numbers = scanCommaNumbers(text, 6);
  if (numbers === undefined) return INVALID_V4;
  if (numbers.some((n) => n < 0 || n > 255)) return INVALID_V4;
  const [a, b, c, d, p1, p2] = numbers;
  return { h: `${a}.${b}.${c}.${d}`, p: (p1 << 8) | p2, valid: true };
}

/** Reads `count` comma-separated integers from the start of `text`. */
function scanCommaNumbers(text: string, count: number): number[] | undefined {
  const re = /^[\t\n\v\f\r ]*([+-]?\d+)/;
  const out: number[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      if (!rest.startsWith(',')) return undefined;
      rest = rest.slice(1);
    }
    const m = re.exec(rest);
    if (m === null) return undefined;
    out.push(Number(m[1]));
    rest = rest.slice(m[0].length);
  }
  return out;
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
    valid = isIP(addr) !== 0;
    if (valid) h = addr;
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

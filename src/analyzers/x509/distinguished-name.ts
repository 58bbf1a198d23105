/**
 * Renders an X.509 Name as Zeek writes `certificate.subject` and `.issuer`: OpenSSL's one-line
 * RFC 2253 form (X509_NAME_print_ex with XN_FLAG_RFC2253). That is: attributes last-first,
 * `,` between RDNs and `+` inside one, short attribute names (dotted OID when unknown, value
 * then dumped as `#` + DER hex), values converted to UTF-8 with `,+"\<>;` backslash-escaped,
 * a leading `#` or space and a trailing space escaped, and control characters and every byte
 * of a non-ASCII character written as `\XX`. Values of non-string types are dumped as DER hex.
 */
import { children, content, encoded, isTag, oid, UNIVERSAL, type Node } from './der.js';
import { ATTRIBUTE_SHORT_NAMES } from './oid-names.js';

/** How many bytes make one character, per universal string tag; absent: not a string. */
const CHAR_WIDTH: ReadonlyMap<number, 0 | 1 | 2 | 4> = new Map([
  [12, 0], // UTF8String (variable)
  [18, 1],
  [19, 1],
  [20, 1],
  [22, 1],
  [23, 1],
  [24, 1],
  [26, 1], // byte strings
  [28, 4], // UniversalString
  [30, 2], // BMPString
]);

const RFC2253_SPECIAL = new Set([',', '+', '"', '\\', '<', '>', ';'].map((c) => c.charCodeAt(0)));

interface Attribute {
  readonly set: number;
  readonly type: string;
  readonly value: Node | undefined;
}

export function renderName(name: Node | undefined): string {
  const attrs: Attribute[] = [];
  children(name).forEach((rdn, set) => {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      attrs.push({ set, type: oid(type) ?? '', value });
    }
  });

  let out = '';
  for (let i = attrs.length - 1; i >= 0; i--) {
    if (i < attrs.length - 1) out += attrs[i].set === attrs[i + 1].set ? '+' : ',';
    out += renderAttribute(attrs[i]);
  }
  return out;
}

/** The last CN's value as raw string bytes (latin1), for host name checks; undefined if none. */
export function lastCommonName(name: Node | undefined): string | undefined {
  let cn: string | undefined;
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      const bytes = content(value);
      if (oid(type) === '2.5.4.3' && bytes !== undefined)
        cn = Buffer.from(bytes).toString('latin1');
    }
  }
  return cn;
}

function renderAttribute(a: Attribute): string {
  const short = ATTRIBUTE_SHORT_NAMES.get(a.type);
  if (short === undefined || a.value === undefined) return `${a.type}=${dump(a.value)}`;
  return `${short}=${renderValue(a.value)}`;
}

function renderValue(value: Node): string {
  const width = isTag(value, UNIVERSAL, value.idBlock.tagNumber)
    ? CHAR_WIDTH.get(value.idBlock.tagNumber)
    : undefined;
  const bytes = content(value);
  if (width === undefined || bytes === undefined) return dump(value);
  const codePoints = decodeChars(bytes, width);
  if (codePoints === undefined) return dump(value);
  return escapeChars(codePoints);
}

/** `#` and the uppercase hex of the element's DER encoding. */
function dump(value: Node | undefined): string {
  if (value === undefined) return '#';
  return '#' + Buffer.from(encoded(value)).toString('hex').toUpperCase();
}

function decodeChars(bytes: Uint8Array, width: 0 | 1 | 2 | 4): number[] | undefined {
  if (width === 0) {
    const text = new TextDecoder('utf-8', { fatal: true });
    try {
      return Array.from(text.decode(bytes), (ch) => ch.codePointAt(0)!);
    } catch {
      return undefined;
    }
  }
  if (bytes.length % width !== 0) return undefined;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += width) {
    let c = 0;
    for (let j = 0; j < width; j++) c = c * 256 + bytes[i + j];
    out.push(c);
  }
  return out;
}

function escapeChars(codePoints: readonly number[]): string {
  let out = '';
  codePoints.forEach((c, i) => {
    if (c > 0x7f) {
      for (const b of Buffer.from(String.fromCodePoint(c), 'utf8')) out += '\\' + hex2(b);
    } else if (c < 0x20 || c === 0x7f) {
      out += '\\' + hex2(c);
    } else if (RFC2253_SPECIAL.has(c) || needsPositionEscape(c, i, codePoints.length)) {
      out += '\\' + String.fromCharCode(c);
    } else {
      out += String.fromCharCode(c);
    }
  });
  return out;
}

/** RFC 2253 2.4: a leading `#` or space, and a trailing space. */
function needsPositionEscape(c: number, i: number, length: number): boolean {
  if (c === 0x23) return i === 0;
  if (c === 0x20) return i === 0 || i === length - 1;
  return false;
}

function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

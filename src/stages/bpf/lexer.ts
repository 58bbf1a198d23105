/**
 * Splits a filter expression into tokens the way libpcap's flex scanner does: the longest
 * match wins, and on a tie the earlier rule (keyword, number, dotted address, MAC address,
 * IPv6 address, name) wins. That is why `1-1023` is one name token (a port range) and
 * `len-1` is not `len - 1`.
 */
import { isIPv6 } from 'node:net';

import { FilterSyntaxError } from './errors.js';
import { KEYWORDS, NAMED_NUMBERS } from './names.js';

export type Token =
  | { readonly kind: 'num'; readonly value: number; readonly pos: number; readonly text: string }
  | {
      readonly kind: 'hid' | 'hid6' | 'name' | 'kw' | 'op';
      readonly text: string;
      readonly pos: number;
    }
  | {
      readonly kind: 'eid';
      readonly bytes: readonly number[];
      readonly pos: number;
      readonly text: string;
    }
  | { readonly kind: 'eof'; readonly pos: number; readonly text: string };

const NUMBER = /0[xX][0-9A-Fa-f]+|[0-9]+/y;
const DOTTED = /[0-9]+(?:\.[0-9]+){1,3}/y;
const B = '[0-9A-Fa-f]{1,2}';
const W = '[0-9A-Fa-f]{4}';
/** MAC addresses: six bytes joined by `:`, `-` or `.`, three 16-bit words, or 12 digits. */
const MAC = new RegExp(
  [
    `${B}(?::${B}){5}`,
    `${B}(?:-${B}){5}`,
    `${B}(?:\\.${B}){5}`,
    `${W}\\.${W}\\.${W}`,
    '[0-9A-Fa-f]{12}',
  ].join('|'),
  'y',
);
const IPV6 = /[0-9A-Fa-f:][0-9A-Fa-f:.]*/y;
const NAME = /[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/y;
const ESCAPED = /\\[^ !()\n\t]+/y;
const OPERATORS = [
  '&&',
  '||',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '!',
  '(',
  ')',
  '[',
  ']',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '<',
  '>',
  '=',
];

function matchAt(re: RegExp, text: string, pos: number): string {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m === null ? '' : m[0];
}

/** The longest valid IPv6 prefix of the candidate text, as flex's IPv6 rules would take. */
function matchIpv6(text: string, pos: number): string {
  let s = matchAt(IPV6, text, pos);
  while (s.includes(':')) {
    if (isIPv6(s)) return s;
    s = s.slice(0, -1);
  }
  return '';
}

export function parseNumber(text: string): number {
  if (/^0[xX]/.test(text)) return parseInt(text.slice(2), 16);
  if (text.length > 1 && text.startsWith('0')) return parseInt(text, 8) || 0;
  return parseInt(text, 10);
}

function macBytes(text: string): number[] {
  const hex = text.replace(/[:.-]/g, (sep) => (sep === '.' && text.length === 14 ? '' : ' '));
  const parts = hex.includes(' ') ? hex.split(' ') : (hex.match(/../g) ?? []);
  return parts.map((p) => parseInt(p, 16));
}

/** Picks the flex winner among the patterns that match at `pos`. */
function scanWord(text: string, pos: number): Token | undefined {
  const candidates: [Token['kind'], string][] = [
    ['num', matchAt(NUMBER, text, pos)],
    ['hid', matchAt(DOTTED, text, pos)],
    ['eid', matchAt(MAC, text, pos)],
    ['hid6', matchIpv6(text, pos)],
    ['name', matchAt(NAME, text, pos)],
  ];
  let best: [Token['kind'], string] = ['eof', ''];
  for (const c of candidates) if (c[1].length > best[1].length) best = c;
  if (best[1] === '') return undefined;
  return wordToken(best[0], best[1], pos);
}

function wordToken(kind: Token['kind'], word: string, pos: number): Token {
  if (kind === 'num') return { kind, value: parseNumber(word), pos, text: word };
  if (kind === 'eid') return { kind, bytes: macBytes(word), pos, text: word };
  if (kind !== 'name') return { kind: kind as 'hid', text: word, pos };
  const named = NAMED_NUMBERS.get(word);
  if (named !== undefined) return { kind: 'num', value: named, pos, text: word };
  return { kind: KEYWORDS.has(word) ? 'kw' : 'name', text: word, pos };
}

/** An operator token and the characters it spans (`&&` becomes `and`, `==` becomes `=`). */
function scanOperator(text: string, pos: number): [Token, number] | undefined {
  const op = OPERATORS.find((o) => text.startsWith(o, pos));
  if (op === undefined) return undefined;
  const normal = op === '&&' ? 'and' : op === '||' ? 'or' : op === '!' ? 'not' : undefined;
  if (normal !== undefined) return [{ kind: 'kw', text: normal, pos }, op.length];
  return [{ kind: 'op', text: op === '==' ? '=' : op, pos }, op.length];
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (/\s/.test(text[pos])) {
      pos++;
      continue;
    }
    const [token, length] = scanToken(text, pos);
    tokens.push(token);
    pos += length;
  }
  tokens.push({ kind: 'eof', pos, text: '' });
  return tokens;
}

function scanToken(text: string, pos: number): [Token, number] {
  const escaped = matchAt(ESCAPED, text, pos);
  if (escaped) return [{ kind: 'name', text: escaped.slice(1), pos }, escaped.length];
  const word = scanWord(text, pos);
  if (word !== undefined) return [word, word.text.length];
  const op = scanOperator(text, pos);
  if (op === undefined) throw new FilterSyntaxError(`unexpected character '${text[pos]}'`, pos);
  return op;
}

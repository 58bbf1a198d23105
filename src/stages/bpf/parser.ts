/**
 * Recursive-descent parser for the pcap-filter language with libpcap's grammar rules:
 * - `and` and `or` have equal precedence and associate to the left (`a or b and c` is
 *   `(a or b) and c`); `not` binds tighter than both;
 * - a bare value right after `and`/`or` takes the qualifiers of the term before it
 *   (`host a or b`, `udp port 53 or 67`); after a parenthesised expression it takes those in
 *   force before the parenthesis, and after a protocol name or a relation it is an error;
 * - arithmetic binds `* / %` tightest, then `+ -`, `<< >>`, `^`, `&`, `|`.
 */
import type { Arith, Direction, Expr, Identifier, Qualifiers, RelOp } from './ast.js';
import { FilterSyntaxError } from './errors.js';
import { tokenize, type Token } from './lexer.js';
import { PROTOCOL_WORDS, WLAN_DIRECTIONS, WLAN_SUBTYPES, WLAN_TYPES } from './names.js';

/** Qualifiers after which a bare value is a syntax error (protocol names, relations). */
const NO_QUALIFIERS: Qualifiers = Object.freeze({ proto: '<none>' });

const ADDRESS_WORDS = new Set([
  'host',
  'net',
  'port',
  'portrange',
  'gateway',
  'proto',
  'protochain',
]);
const RELOPS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['|'],
  ['&'],
  ['^'],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];
const WLAN_TYPE_MASK = 0x0c;
const WLAN_SUBTYPE_MASK = 0xf0;
const WLAN_DIR_MASK = 0x03;

/** Thrown internally to backtrack; turned into a FilterSyntaxError at the top. */
class Mismatch extends Error {
  constructor(
    readonly why: string,
    readonly pos: number,
  ) {
    super(why);
  }
}

export class Parser {
  private readonly tokens: Token[];
  private at = 0;
  /** Qualifiers a bare value after the next `and`/`or` inherits. */
  private lastQ: Qualifiers = NO_QUALIFIERS;
  /** The furthest failure seen, reported when every alternative fails. */
  private furthest = new Mismatch('syntax error', 0);

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): Expr {
    try {
      const expr = this.expr();
      if (this.peek().kind !== 'eof') this.fail(`unexpected '${this.peek().text}'`);
      return expr;
    } catch (e) {
      if (!(e instanceof Mismatch)) throw e;
      const worst = e.pos >= this.furthest.pos ? e : this.furthest;
      throw new FilterSyntaxError(`syntax error: ${worst.why}`, worst.pos);
    }
  }

  // ---- boolean level -------------------------------------------------------------------

  private expr(): Expr {
    let left = this.term();
    for (let t = this.peek(); isWord(t, 'and') || isWord(t, 'or'); t = this.peek()) {
      this.at++;
      const q = this.lastQ;
      const right = this.attempt(() => this.inheritedId(q)) ?? this.term();
      left = { kind: t.text as 'and' | 'or', left, right, pos: t.pos };
    }
    return left;
  }

  private term(): Expr {
    const t = this.peek();
    if (!isWord(t, 'not')) return this.rterm();
    this.at++;
    return { kind: 'not', operand: this.term(), pos: t.pos };
  }

  /**
   * A bare value after `and`/`or`, optionally negated or a parenthesised list of values,
   * that inherits `q`: `host a or not b`, `port 22 and (80 or 443)`.
   */
  private inheritedId(q: Qualifiers): Expr {
    const t = this.peek();
    if (isWord(t, 'not')) {
      this.at++;
      return { kind: 'not', operand: this.inheritedId(q), pos: t.pos };
    }
    if (t.kind === 'op' && t.text === '(') return this.parenIds(q);
    if (!isIdToken(t) || this.startsRelation()) this.fail(`unexpected '${t.text || 'end'}'`);
    if (q === NO_QUALIFIERS) this.fail(`'${t.text}' needs a qualifier (host, net, port ...)`);
    return this.primitive(q);
  }

  private rterm(): Expr {
    const t = this.peek();
    const relation = this.attempt(() => this.relation());
    if (relation !== undefined) return relation;
    if (t.kind === 'op' && t.text === '(') return this.parenExpr();
    if (isIdToken(t)) this.fail(`'${t.text}' needs a qualifier (host, net, port ...)`);
    if (t.kind === 'kw') return this.keywordTerm(t);
    return this.fail(t.kind === 'eof' ? 'unexpected end of expression' : `unexpected '${t.text}'`);
  }

  /** `( expr )`: a bare value after it inherits the qualifiers in force before the `(`. */
  private parenExpr(): Expr {
    const q = this.lastQ;
    this.at++;
    const inner = this.expr();
    this.expectOp(')');
    this.lastQ = q;
    return inner;
  }

  /** `( id and id or ... )` where every id carries `q`. */
  private parenIds(q: Qualifiers): Expr {
    this.expectOp('(');
    let left = this.inheritedId(q);
    for (let t = this.peek(); isWord(t, 'and') || isWord(t, 'or'); t = this.peek()) {
      this.at++;
      left = { kind: t.text as 'and' | 'or', left, right: this.inheritedId(q), pos: t.pos };
    }
    this.expectOp(')');
    return left;
  }

  // ---- primitives ----------------------------------------------------------------------

  private keywordTerm(t: Token & { text: string }): Expr {
    if (PROTOCOL_WORDS.has(t.text)) return this.protocolTerm(t);
    if (t.text === 'src' || t.text === 'dst' || ADDRESS_WORDS.has(t.text)) {
      return this.headAndId({}, t.pos);
    }
    return this.otherTerm(t);
  }

  private protocolTerm(t: Token & { text: string }): Expr {
    this.at++;
    const next = this.peek();
    if (isWord(next, 'broadcast') || isWord(next, 'multicast')) {
      this.at++;
      this.lastQ = NO_QUALIFIERS;
      return { kind: next.text as 'broadcast', proto: t.text, pos: t.pos };
    }
    if (['type', 'subtype', 'dir', 'direction'].some((w) => isWord(next, w))) {
      return this.otherTerm(next);
    }
    if (
      next.kind === 'kw' &&
      (next.text === 'src' || next.text === 'dst' || ADDRESS_WORDS.has(next.text))
    ) {
      return this.headAndId({ proto: t.text }, t.pos);
    }
    this.lastQ = NO_QUALIFIERS;
    return { kind: 'protocol', name: t.text, pos: t.pos };
  }

  /** `[proto] [dir] [addr] id`: the qualifiers become the ones later bare values inherit. */
  private headAndId(q: { proto?: string }, pos: number): Expr {
    const dir = this.direction();
    const t = this.peek();
    let addr: Qualifiers['addr'];
    if (t.kind === 'kw' && ADDRESS_WORDS.has(t.text)) {
      if (t.text === 'gateway') this.fail("'gateway' is not supported");
      addr = t.text as Qualifiers['addr'];
      this.at++;
    }
    const qualifiers: Qualifiers = { ...q, dir, addr };
    const id = this.peek();
    if (id.kind === 'op' && id.text === '(') {
      const list = this.parenIds(qualifiers);
      this.lastQ = qualifiers;
      return list;
    }
    if (!isIdToken(id)) this.fail(`expected a value, found '${id.text || 'end'}'`);
    const prim = this.primitive(qualifiers);
    return { ...prim, pos } as Expr;
  }

  private direction(): Direction | undefined {
    const t = this.peek();
    if (!isWord(t, 'src') && !isWord(t, 'dst')) return undefined;
    this.at++;
    const join = this.peek();
    const other = this.tokens[this.at + 1];
    const otherWord = t.text === 'src' ? 'dst' : 'src';
    if (
      (isWord(join, 'or') || isWord(join, 'and')) &&
      other !== undefined &&
      isWord(other, otherWord)
    ) {
      this.at += 2;
      return join.text === 'or' ? 'src or dst' : 'src and dst';
    }
    return t.text as Direction;
  }

  /** One value token (with `/len` or `mask m`), as a primitive under `q`. */
  private primitive(q: Qualifiers): Expr {
    const t = this.next();
    this.lastQ = q;
    return { kind: 'primitive', q, id: this.identifier(t), pos: t.pos };
  }

  private identifier(t: Token): Identifier {
    switch (t.kind) {
      case 'num':
        return { kind: 'number', value: t.value };
      case 'eid':
        return { kind: 'mac', bytes: t.bytes };
      case 'hid6':
        return { kind: 'ipv6', text: t.text, bits: this.prefixLength() ?? 128 };
      case 'hid':
        return this.ipv4(t.text);
      default:
        return { kind: 'name', text: t.text };
    }
  }

  private ipv4(text: string): Identifier {
    const bits = this.prefixLength();
    if (bits !== undefined) return { kind: 'ipv4-cidr', text, bits };
    const t = this.peek();
    if (!isWord(t, 'mask') && !isWord(t, 'netmask')) return { kind: 'ipv4', text };
    this.at++;
    const mask = this.next();
    if (mask.kind !== 'hid') this.fail('expected a dotted netmask', mask.pos);
    return { kind: 'ipv4-mask', text, mask: mask.text };
  }

  private prefixLength(): number | undefined {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== '/') return undefined;
    this.at++;
    const n = this.next();
    if (n.kind !== 'num') this.fail('expected a prefix length', n.pos);
    return n.kind === 'num' ? n.value : 0;
  }

  /** Keyword primitives that take no qualifiers: less, greater, vlan, inbound, wlan ... */
  private otherTerm(t: Token & { text: string }): Expr {
    this.at++;
    this.lastQ = NO_QUALIFIERS;
    const pos = t.pos;
    switch (t.text) {
      case 'broadcast':
      case 'multicast':
        return { kind: t.text, pos };
      case 'less':
      case 'greater':
        return { kind: t.text, value: this.number(), pos };
      case 'inbound':
      case 'outbound':
        return { kind: t.text, pos };
      case 'vlan':
      case 'mpls':
      case 'pppoes':
      case 'geneve':
        return { kind: 'encap', name: t.text, value: this.optionalNumber(), pos };
      case 'pppoed':
        return { kind: 'encap', name: 'pppoed', pos };
      case 'type':
      case 'subtype':
        return this.wlanType(t.text, pos);
      case 'dir':
      case 'direction':
        return { kind: 'wlan-dir', value: this.wlanName(WLAN_DIRECTIONS), pos };
      default:
        return this.fail(`'${t.text}' is not supported`, pos);
    }
  }

  private wlanType(word: string, pos: number): Expr {
    if (word === 'subtype') {
      const sub = this.wlanName(WLAN_SUBTYPES);
      return {
        kind: 'wlan-fc',
        value: sub.type | sub.bits,
        mask: WLAN_TYPE_MASK | WLAN_SUBTYPE_MASK,
        pos,
      };
    }
    const type = this.wlanName(WLAN_TYPES);
    if (!isWord(this.peek(), 'subtype'))
      return { kind: 'wlan-fc', value: type, mask: WLAN_TYPE_MASK, pos };
    this.at++;
    const sub = this.wlanName(WLAN_SUBTYPES);
    if (sub.type !== type) this.fail('unknown 802.11 subtype for this type');
    return {
      kind: 'wlan-fc',
      value: type | sub.bits,
      mask: WLAN_TYPE_MASK | WLAN_SUBTYPE_MASK,
      pos,
    };
  }

  private wlanName<T>(table: ReadonlyMap<string, T>): T {
    const t = this.next();
    if (t.kind === 'num' && typeof table.values().next().value === 'number') return t.value as T;
    const found = t.kind === 'num' ? undefined : table.get(t.text);
    if (found === undefined) this.fail(`unknown 802.11 name '${t.text}'`, t.pos);
    return found as T;
  }

  private number(): number {
    const t = this.next();
    if (t.kind !== 'num') this.fail(`expected a number, found '${t.text}'`, t.pos);
    return t.kind === 'num' ? t.value : 0;
  }

  private optionalNumber(): number | undefined {
    const t = this.peek();
    if (t.kind !== 'num' || this.startsRelation()) return undefined;
    this.at++;
    return t.value;
  }

  // ---- relations and arithmetic --------------------------------------------------------

  private relation(): Expr {
    const left = this.arith(0);
    const op = this.peek();
    if (op.kind !== 'op' || !RELOPS.has(op.text)) this.fail('expected a comparison operator');
    this.at++;
    const right = this.arith(0);
    this.lastQ = NO_QUALIFIERS;
    return { kind: 'relation', op: op.text as RelOp, left, right, pos: left.pos };
  }

  /** True when the next tokens are a number followed by an operator (so not a bare value). */
  private startsRelation(): boolean {
    const t = this.peek();
    const after = this.tokens[this.at + 1];
    return (
      t.kind === 'num' &&
      after !== undefined &&
      after.kind === 'op' &&
      after.text !== '(' &&
      after.text !== ')' &&
      after.text !== '/'
    );
  }

  private arith(level: number): Arith {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.arith(level + 1);
    for (
      let t = this.peek();
      t.kind === 'op' && BINARY_LEVELS[level].includes(t.text);
      t = this.peek()
    ) {
      this.at++;
      const right = this.arith(level + 1);
      left = { kind: 'binary', op: t.text as '+', left, right, pos: t.pos };
    }
    return left;
  }

  private unary(): Arith {
    const t = this.next();
    if (t.kind === 'op' && t.text === '-')
      return { kind: 'negate', operand: this.unary(), pos: t.pos };
    if (t.kind === 'num') return { kind: 'number', value: t.value, pos: t.pos };
    if (isWord(t, 'len')) return { kind: 'len', pos: t.pos };
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.arith(0);
      this.expectOp(')');
      return inner;
    }
    if (t.kind === 'kw' && PROTOCOL_WORDS.has(t.text)) return this.indexed(t.text, t.pos);
    return this.fail(`expected a value, found '${t.text || 'end'}'`, t.pos);
  }

  /** `proto[index]` or `proto[index:size]`. */
  private indexed(proto: string, pos: number): Arith {
    this.expectOp('[');
    const index = this.arith(0);
    let size = 1;
    if (this.peekOp(':')) {
      this.at++;
      size = this.number();
      if (size !== 1 && size !== 2 && size !== 4) {
        throw new FilterSyntaxError('data size must be 1, 2, or 4', this.tokens[this.at - 1].pos);
      }
    }
    this.expectOp(']');
    return { kind: 'index', proto, index, size: size as 1 | 2 | 4, pos };
  }

  // ---- token helpers -------------------------------------------------------------------

  /** Runs `f`; on a mismatch restores the position and qualifiers and returns undefined. */
  private attempt<T>(f: () => T): T | undefined {
    const at = this.at;
    const q = this.lastQ;
    try {
      return f();
    } catch (e) {
      if (!(e instanceof Mismatch)) throw e;
      if (e.pos >= this.furthest.pos) this.furthest = e;
      this.at = at;
      this.lastQ = q;
      return undefined;
    }
  }

  private peek(): Token {
    return this.tokens[this.at];
  }

  private peekOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private next(): Token {
    const t = this.tokens[this.at];
    if (t.kind !== 'eof') this.at++;
    return t;
  }

  private expectOp(text: string): void {
    if (!this.peekOp(text)) this.fail(`expected '${text}', found '${this.peek().text || 'end'}'`);
    this.at++;
  }

  private fail(why: string, pos = this.peek().pos): never {
    throw new Mismatch(why, pos);
  }
}

function isWord(t: Token, word: string): boolean {
  return t.kind === 'kw' && t.text === word;
}

function isIdToken(t: Token): boolean {
  return (
    t.kind === 'num' ||
    t.kind === 'hid' ||
    t.kind === 'hid6' ||
    t.kind === 'eid' ||
    t.kind === 'name'
  );
}

/** Parses a filter expression; throws FilterSyntaxError with the column of the problem. */
export function parseFilter(text: string): Expr {
  return new Parser(text).parse();
}

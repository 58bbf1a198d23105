import t from 'tap';

import type { Arith, Expr } from '../../../src/stages/bpf/ast.js';
import { FilterSyntaxError } from '../../../src/stages/bpf/errors.js';
import { tokenize } from '../../../src/stages/bpf/lexer.js';
import { parseFilter } from '../../../src/stages/bpf/parser.js';

/** Renders an expression with explicit parentheses; a primitive shows all its qualifiers. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return `(${show(e.left)} ${e.kind} ${show(e.right)})`;
    case 'not':
      return `(not ${show(e.operand)})`;
    case 'primitive': {
      const q = [e.q.proto, e.q.dir, e.q.addr].filter((x) => x !== undefined).join(' ');
      const id = 'value' in e.id ? e.id.value : 'text' in e.id ? e.id.text : e.id.kind;
      return `[${q ? `${q} ` : ''}${id}]`;
    }
    case 'protocol':
      return e.name;
    case 'relation':
      return `${arith(e.left)} ${e.op} ${arith(e.right)}`;
    default:
      return e.kind;
  }
}

function arith(a: Arith): string {
  switch (a.kind) {
    case 'number':
      return String(a.value);
    case 'len':
      return 'len';
    case 'negate':
      return `-${arith(a.operand)}`;
    case 'index':
      return `${a.proto}[${arith(a.index)}:${a.size}]`;
    case 'binary':
      return `(${arith(a.left)} ${a.op} ${arith(a.right)})`;
  }
}

const parsed = (text: string): string => show(parseFilter(text));

t.test('and and or have equal precedence and associate to the left', async (t) => {
  t.equal(parsed('tcp or udp and port 53'), '((tcp or udp) and [port 53])');
  t.equal(parsed('port 53 and udp or tcp'), '(([port 53] and udp) or tcp)');
  t.equal(parsed('tcp and udp or icmp and arp'), '(((tcp and udp) or icmp) and arp)');
});

t.test('not binds tighter than and/or; ! && || are synonyms', async (t) => {
  t.equal(parsed('not tcp and not udp'), '((not tcp) and (not udp))');
  t.equal(parsed('! icmp && ! arp || ip'), '(((not icmp) and (not arp)) or ip)');
  t.equal(parsed('not (tcp or udp)'), '(not (tcp or udp))');
});

t.test('a bare value after and/or takes the qualifiers of the term before it', async (t) => {
  t.equal(parsed('host 10.0.0.1 or 10.0.0.2'), '([host 10.0.0.1] or [host 10.0.0.2])');
  t.equal(parsed('udp port 53 or 67'), '([udp port 53] or [udp port 67])');
  t.equal(
    parsed('tcp dst port 22 or 80 or 443'),
    '(([tcp dst port 22] or [tcp dst port 80]) or [tcp dst port 443])',
  );
  t.equal(parsed('port 80 and (443 or 22)'), '([port 80] and ([port 443] or [port 22]))');
  t.equal(parsed('src or dst port 53'), '[src or dst port 53]');
  t.equal(parsed('host 10.0.0.1 or not 10.0.0.2'), '([host 10.0.0.1] or (not [host 10.0.0.2]))');
  t.equal(
    parsed('tcp and not port 22 and not 80'),
    '((tcp and (not [port 22])) and (not [port 80]))',
    'a negated bare value inherits too',
  );
  t.equal(parsed('port 22 and not (tcp) or 53'), '(([port 22] and (not tcp)) or [port 53])');
  t.equal(parsed('port 22 and ((tcp) or 53)'), '([port 22] and (tcp or [port 53]))');
});

t.test(
  'a bare value after a protocol name or a parenthesis at the start is an error',
  async (t) => {
    t.throws(() => parseFilter('tcp or 80'), FilterSyntaxError);
    t.throws(() => parseFilter('(host 1.2.3.4) or 5.6.7.8'), FilterSyntaxError);
    t.throws(() => parseFilter('ip[0] = 1 or 5'), FilterSyntaxError);
    t.throws(() => parseFilter('tcp and not 80'), FilterSyntaxError);
    t.throws(() => parseFilter('port 22 and (tcp or 80)'), FilterSyntaxError);
  },
);

t.test('a bare value with nothing before it is an error, as in tcpdump', async (t) => {
  t.throws(() => parseFilter('192.168.1.11'), FilterSyntaxError);
  t.throws(() => parseFilter('not 192.168.1.11'), FilterSyntaxError);
  t.throws(() => parseFilter('80'), FilterSyntaxError);
});

t.test('arithmetic precedence: * / % over + - over shifts over ^ over & over |', async (t) => {
  t.equal(parsed('ip[0] & 0xf != 5'), '(ip[0:1] & 15) != 5');
  t.equal(parsed('ip[0] & 0xf ^ 1 = 1'), '(ip[0:1] & (15 ^ 1)) = 1');
  t.equal(parsed('ip[0] | 1 ^ 2 = 0'), '(ip[0:1] | (1 ^ 2)) = 0');
  t.equal(parsed('ip[0] ^ 1 << 2 = 0'), '(ip[0:1] ^ (1 << 2)) = 0');
  t.equal(parsed('1 + 2 * 3 - 4 = 3'), '((1 + (2 * 3)) - 4) = 3');
  t.equal(parsed('tcp[((tcp[12] & 0xf0) >> 2):4] = 1'), 'tcp[((tcp[12:1] & 240) >> 2):4] = 1');
});

t.test('named constants are numbers and keywords are words', async (t) => {
  t.equal(parsed('tcp[tcpflags] & tcp-syn != 0'), '(tcp[13:1] & 2) != 0');
  t.equal(parsed('icmp[icmptype] = icmp-echo'), 'icmp[0:1] = 8');
  t.equal(parsed('port domain'), '[port domain]');
});

t.test('the scanner takes the longest match, as flex does', async (t) => {
  t.same(
    tokenize('portrange 1-1023').map((k) => k.kind),
    ['kw', 'name', 'eof'],
  );
  t.same(
    tokenize('192.168').map((k) => k.kind),
    ['hid', 'eof'],
  );
  t.same(
    tokenize('ff:ff:ff:ff:ff:ff').map((k) => k.kind),
    ['eid', 'eof'],
  );
  t.same(
    tokenize('2001:db8::1').map((k) => k.kind),
    ['hid6', 'eof'],
  );
  t.same(
    tokenize('ether[12:2]').map((k) => k.text),
    ['ether', '[', '12', ':', '2', ']', ''],
  );
  t.throws(() => parseFilter('len-1 > 0'), FilterSyntaxError, 'len-1 is one name, as in tcpdump');
});

t.test('a syntax error names the column where it was found', async (t) => {
  const cases: [string, number][] = [
    ['tcp and', 7],
    ['host 10.0.0.1 and )', 18],
    ['port 53 @', 8],
    ['ip[0] = ', 8],
    ['tcp[0:3] = 1', 6],
    ['(tcp or udp', 11],
  ];
  for (const [text, position] of cases) {
    const err = t.throws(
      () => parseFilter(text),
      FilterSyntaxError,
    ) as unknown as FilterSyntaxError;
    t.equal(err.position, position, `position in '${text}'`);
    t.match(err.message, `column ${position + 1}`, `message of '${text}' names the column`);
  }
});

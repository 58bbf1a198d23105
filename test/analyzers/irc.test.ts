import t from 'tap';

import type { Analyzer } from '../../src/analyzers/analyzer.js';
import { IRC_ANALYZER } from '../../src/analyzers/irc/irc-analyzer.js';
import { parseIrcLine } from '../../src/analyzers/irc/irc-line.js';
import { splitWords } from '../../src/analyzers/irc/irc-text.js';
import { LineSplitter } from '../../src/analyzers/irc/line-splitter.js';
import { collect, connection, harness } from './context-harness.js';

const text = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

function split(chunks: string[], max = 1000) {
  const weirds: string[] = [];
  const lines: string[] = [];
  const s = new LineSplitter(max, (w) => void weirds.push(w));
  const take = (l: Uint8Array) => void lines.push(Buffer.from(l).toString('latin1'));
  for (const c of chunks) s.push(text(c), take);
  s.flush((l) => void lines.push(Buffer.from(l).toString('latin1')));
  return { lines, weirds };
}

t.test('irc: lines end at CR, LF or CRLF, a CRLF split across deliveries counting once', (t) => {
  t.same(split(['a\r\nb\nc\r', '\nd\re']).lines, ['a', 'b', 'c', 'd', 'e']);
  t.end();
});

t.test('irc: a line over the limit is cut with a weird and the rest starts a new line', (t) => {
  const r = split(['x'.repeat(300) + '\n'], 256);
  t.same(r.weirds, ['contentline_size_exceeded']);
  // 256 buffered; the 257th byte cuts the line to 255 and, as in Zeek, is dropped with the 256th.
  t.same(r.lines.map((l) => l.length), [255, 43]);
  t.end();
});

t.test("irc: words split as Zeek splits them (doubled separators dropped)", (t) => {
  t.same(splitWords('  a  b c ', ' '), ['a', 'b', 'c']);
  t.end();
});

t.test('irc: lines parse into prefix, command or reply code, and parameters', (t) => {
  t.same(parseIrcLine('@time=x :srv 372 tim :hi'),
    { kind: 'reply', prefix: 'srv', code: 372, params: 'tim :hi' });
  t.same(parseIrcLine('join #a'), { kind: 'command', prefix: '', command: 'JOIN', params: '#a' });
  t.same(parseIrcLine('12x y'),
    { kind: 'invalid', weird: 'irc_invalid_reply_number', violation: 'invalid reply number' });
  t.same(parseIrcLine(':prefixonly'), { kind: 'invalid', weird: 'irc_invalid_line' });
  t.same(parseIrcLine('x'.repeat(513)), { kind: 'invalid', weird: 'irc_line_size_exceeded' });
  t.end();
});

function ircHarness(children: Record<string, Analyzer> = {}) {
  return harness(IRC_ANALYZER, connection('tcp', '10.0.0.7', 59069, '10.0.0.22', 6667), children);
}

t.test('irc: NICK and USER from the client raise their events and confirm', (t) => {
  const h = ircHarness();
  const nicks = collect(h, 'irc_nick_message');
  const users = collect(h, 'irc_user_message');
  h.analyzer.deliverStream!(true, text('NICK tim2\r\nUSER tim tim 10.0.0.22 :Tim Wojtulewicz\r\n'));
  t.equal(nicks[0][3], 'tim2');
  t.same(users[0].slice(2), ['tim', 'tim', '10.0.0.22', 'TimWojtulewicz ']);
  t.equal(h.confirmed, 1);
  t.end();
});

t.test('irc: a DCC SEND raises irc_dcc_message and announces its data connection', (t) => {
  const h = ircHarness();
  const dcc = collect(h, 'irc_dcc_message');
  const offer = 'PRIVMSG tim1 :\x01DCC SEND ssh.trace 167772167 59130 1320211\x01\r\n';
  h.analyzer.deliverStream!(true, text(offer));
  t.same(dcc[0].slice(4), ['SEND', 'ssh.trace', '10.0.0.7', 59130, 1320211]);
  t.match(h.scheduled, [{ addr: '10.0.0.7', port: 59130, transport: 'tcp', name: 'IRC_DATA' }]);
  t.end();
});

t.test('irc: malformed DCC offers and JOINs are weirds, never exceptions', (t) => {
  const h = ircHarness();
  collect(h, 'irc_dcc_message');
  collect(h, 'irc_join_message');
  const lines = 'PRIVMSG x :\x01DCC SEND f\x01\r\nPRIVMSG x :\x01DCC SEND f nohost 1 2\x01\r\n' +
    'PRIVMSG x :\x01DCC SEND f 1 99999 2\x01\r\nJOIN :\r\n';
  t.doesNotThrow(() => h.analyzer.deliverStream!(true, text(lines)));
  t.same(h.weirds, ['irc_invalid_dcc_message_format', 'irc_invalid_dcc_host',
    'irc_invalid_dcc_port', 'irc_invalid_join_line']);
  t.same(h.scheduled, []);
  t.end();
});

t.test('irc: after reply 670 the rest of the stream goes to the TLS analyzer', (t) => {
  const got: string[] = [];
  const tls: Analyzer = {
    deliverStream: (_o, d) => void got.push(Buffer.from(d).toString('latin1')),
  };
  const h = ircHarness({ SSL: tls });
  const starts = collect(h, 'irc_starttls');
  h.analyzer.deliverStream!(true, text('STARTTLS\r\n'));
  h.analyzer.deliverStream!(false, text(':srv 670 tim :STARTTLS successful\r\n\x16\x03\x01'));
  h.analyzer.deliverStream!(true, text('\x16\x03\x01hello'));
  t.equal(starts.length, 1);
  t.same(h.children, ['SSL']);
  t.same(got, ['\x16\x03\x01', '\x16\x03\x01hello']);
  t.end();
});

t.test('irc: junk before confirmation is a violation without weirds', (t) => {
  const h = ircHarness();
  h.analyzer.deliverStream!(true, text('\x00\x01\r\n:pfx ab\r\n'));
  t.same(h.weirds, []);
  t.same(h.violations, ['line too short']);
  t.end();
});

import t from 'tap';

import type { Analyzer } from '../../../src/analyzers/analyzer.js';
import { SMTP_ANALYZER } from '../../../src/analyzers/smtp/smtp.js';
import { registerSmtpLog } from '../../../src/analyzers/smtp/smtp-log.js';
import { harness, text } from '../analyzer-harness.js';
import { crlf, greet, md5, smtpHarness } from './smtp-harness.js';

const MESSAGE = crlf(
  'Received: from relay.example.net (relay.example.net [192.0.2.77]) by mail.example.com',
  'Received: from [198.51.100.5] (helo) by relay.example.net',
  'From: Alice <alice@example.org>',
  'To: Bob <bob@example.com>, carol@example.com',
  'Cc: "Doe, Dan" <dan@example.com>',
  'Subject: Report',
  'Date: Mon, 1 Jan 2024 10:00:00 +0000',
  'Message-ID: <m1@example.org>',
  'X-Originating-IP: [203.0.113.9]',
  'User-Agent: TestMailer 1.0',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed;',
  '\tboundary="XYZ"',
  '',
  'preamble',
  '--XYZ',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'Hello Bob,',
  '..dot line',
  '--XYZ',
  'Content-Type: application/octet-stream; name="data.bin"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="report.pdf"',
  '',
  'JVBERi0x',
  'LjQK',
  '--XYZ',
  'Content-Type: text/plain',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Disposition: attachment; filename=notes.txt',
  '',
  'caf=C3=A9 soft=',
  ' break',
  '--XYZ--',
  'epilogue',
  '.',
);

t.test('smtp: a pipelined session with a multipart mail logs its transaction and parts as files',
  async (t) => {
    const h = smtpHarness();
    greet(h);
    h.send(true, crlf('MAIL FROM:<alice@example.org> SIZE=1000', 'RCPT TO:<bob@example.com>',
      'RCPT TO:<carol@example.com> ORCPT=rfc822;carol@example.com', 'DATA'));
    h.send(false, crlf('250 2.1.0 ok', '250 2.1.5 ok', '250 2.1.5 ok', '354 go ahead'));
    h.send(true, MESSAGE);
    h.send(false, '250 2.0.0 queued as ABC\r\n');
    h.send(true, crlf('QUIT'));
    h.send(false, crlf('221 bye'));
    h.close();

    const [row] = h.rows('smtp');
    t.equal(h.rows('smtp').length, 1);
    t.equal(row.trans_depth, 1);
    t.equal(row.helo, 'client.example.org');
    t.equal(row.mailfrom, 'alice@example.org');
    t.same([...(row.rcptto as string[])].sort(), ['bob@example.com', 'carol@example.com']);
    t.equal(row.from, 'Alice <alice@example.org>');
    t.same([...(row.to as string[])].sort(), ['Bob <bob@example.com>', 'carol@example.com']);
    t.same(row.cc, ['"Doe, Dan" <dan@example.com>']);
    t.equal(row.subject, 'Report');
    t.equal(row.date, 'Mon, 1 Jan 2024 10:00:00 +0000');
    t.equal(row.msg_id, '<m1@example.org>');
    t.equal(row.x_originating_ip, '203.0.113.9');
    t.equal(row.user_agent, 'TestMailer 1.0');
    t.equal(row.first_received, 'from [198.51.100.5] (helo) by relay.example.net');
    t.match(row.second_received, /^from relay\.example\.net/);
    t.same(row.path, ['192.0.2.1', '10.0.0.1', '192.0.2.77', '198.51.100.5']);
    t.equal(row.last_reply, '250 2.0.0 queued as ABC');
    t.equal(row.tls, false);
    t.equal(h.confirmed > 0, true);

    const files = h.rows('files');
    t.same(row.fuids, files.map((f) => f.fuid), 'fuids list the parts in order');
    t.same(files.map((f) => [f.source, f.depth, text(f.filename), f.mime_type, f.md5]), [
      ['SMTP', 2, undefined, 'text/plain', md5('Hello Bob,\r\n.dot line')],
      ['SMTP', 3, 'report.pdf', 'application/pdf', md5('%PDF-1.4\n')],
      ['SMTP', 4, 'notes.txt', undefined, md5('caf\u00c3\u00a9 soft break\r\n')],
    ]);
    t.same(h.weirds, []);
  });

t.test('smtp: each message of a session is its own row, numbered by trans_depth', async (t) => {
  const h = smtpHarness();
  greet(h);
  for (const n of [1, 2]) {
    h.send(true, crlf(`MAIL FROM:<a${n}@example.org>`, 'RCPT TO:<b@example.com>', 'DATA'));
    h.send(false, crlf('250 ok', '250 ok', '354 go'));
    h.send(true, crlf(`Subject: message ${n}`, '', 'body', '.'));
    h.send(false, crlf(`250 ok ${n}`));
  }
  h.close();
  t.same(h.rows('smtp').map((r) => [r.trans_depth, r.mailfrom, r.subject, r.last_reply]), [
    [1, 'a1@example.org', 'message 1', '250 ok 1'],
    [2, 'a2@example.org', 'message 2', '250 ok 2'],
  ]);
  t.same(h.rows('files').map((f) => [f.depth, f.seen_bytes]), [[1, 6], [2, 6]],
    'the depth counts entities over the whole session');
});

t.test('smtp: a DATA that never ends is closed when the connection goes', async (t) => {
  const h = smtpHarness();
  greet(h);
  h.send(true, crlf('MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.com>', 'DATA'));
  h.send(false, crlf('250 ok', '250 ok', '354 go'));
  h.send(true, crlf('Subject: cut short', '', 'partial body'));
  h.close();
  const [row] = h.rows('smtp');
  t.equal(row.subject, 'cut short');
  t.equal(row.last_reply, '354 go');
  t.same(h.rows('files').map((f) => [f.seen_bytes, f.fuid]), [[14, (row.fuids as string[])[0]]]);
});

t.test('smtp: a line over the length limit is cut with contentline_size_exceeded', async (t) => {
  const h = smtpHarness({ analyzer: { maxLineLength: 64 } });
  const requests: string[] = [];
  h.events.on('smtp_request', (_c, _o, cmd, arg) => void requests.push(`${cmd} ${arg.length}`));
  h.send(false, crlf('220 ready'));
  h.send(true, crlf(`EHLO ${'a'.repeat(100)}`));
  h.close();
  t.same(h.weirds.map((w) => w.name), ['contentline_size_exceeded']);
  t.same(requests, [`EHLO ${63 - 'EHLO '.length}`], 'the rest is not a command');
});

t.test('smtp: an accepted STARTTLS hands the rest of the stream to TLS', async (t) => {
  const seen: string[] = [];
  const tls: Analyzer = {
    deliverStream: (isOrig, data) => void seen.push(`${isOrig}:${Buffer.from(data).toString()}`),
  };
  const h = smtpHarness({ child: (name) => (name === 'SSL' ? tls : undefined) });
  let starttls = 0;
  h.events.on('smtp_starttls', () => void starttls++);
  greet(h);
  h.send(true, crlf('STARTTLS'));
  h.send(false, '220 2.0.0 Ready to start TLS\r\nHELLO-FROM-SERVER');
  h.send(true, 'CLIENT-HELLO');
  h.close();
  t.equal(starttls, 1);
  t.same(seen, ['false:HELLO-FROM-SERVER', 'true:CLIENT-HELLO']);
  const [row] = h.rows('smtp');
  t.equal(row.tls, true);
  t.equal(row.last_reply, '220 2.0.0 Ready to start TLS');
  t.same(row.fuids, []);
});

t.test('smtp: BDAT chunks carry the message to MIME, the LAST one ends it', async (t) => {
  const h = smtpHarness();
  greet(h);
  h.send(true, crlf('MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.com>'));
  h.send(false, crlf('250 ok', '250 ok'));
  const head = 'Subject: chunked\r\n\r\n';
  const body = 'body text\r\n';
  h.send(true, `BDAT ${head.length}\r\n${head}BDAT ${body.length} LAST\r\n${body}`);
  h.send(false, crlf('250 chunk', '250 message'));
  h.close();
  const [row] = h.rows('smtp');
  t.equal(row.subject, 'chunked');
  t.same(h.rows('files').map((f) => f.md5), [md5(body)]);
  t.same(h.weirds, []);
});

t.test('smtp: an invalid BDAT argument is a weird and no chunk is read', async (t) => {
  const h = smtpHarness();
  greet(h);
  h.send(true, crlf('MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.com>', 'BDAT 12 FIRST'));
  h.close();
  t.same(h.weirds,
    [{ name: 'smtp_invalid_bdat_command', addl: 'BDAT chunk-size followed by junk' }]);
});

t.test('smtp: RCPT without MAIL is an invalid transaction; too many stop the analysis',
  async (t) => {
    const h = smtpHarness({ log: { maxInvalidMailTransactions: 1 } });
    let requests = 0;
    h.events.on('smtp_request', () => void requests++);
    greet(h);
    h.send(true, crlf('RCPT TO:<b@example.com>'));
    h.send(true, crlf('RCPT TO:<c@example.com>'));
    h.send(true, crlf('NOOP'));
    h.close();
    t.same(h.weirds, [
      { name: 'smtp_mail_transaction_invalid', addl: 'rcpt to missing mail from' },
      { name: 'smtp_mail_transaction_invalid', addl: 'rcpt to missing mail from' },
      { name: 'smtp_excessive_invalid_mail_transactions', addl: '2 > 1' },
    ]);
    t.equal(requests, 3, 'NOOP after the limit is not analyzed');
    t.match(h.conn.history, /X/);
  });

t.test('smtp: more recipients than the limit are dropped with a weird', async (t) => {
  const h = smtpHarness({ log: { maxRcpttoAddresses: 2 } });
  greet(h);
  h.send(true, crlf('MAIL FROM:<a@example.org>', 'RCPT TO:<b1@x.org>', 'RCPT TO:<b2@x.org>',
    'RCPT TO:<b3@x.org>'));
  h.close();
  t.same(h.rows('smtp')[0].rcptto, ['b1@x.org', 'b2@x.org']);
  t.same(h.weirds.map((w) => w.name), ['smtp_too_many_rcptto_addresses']);
});

t.test('smtp: a reply that does not start with a code is a violation', async (t) => {
  const h = smtpHarness();
  h.send(false, crlf('SSH-2.0-OpenSSH_9.6'));
  t.same(h.weirds, [{ name: 'violation', addl: 'reply code -1 out of range' }]);
});

t.test('smtp: a connection whose handshake was missed is not analyzed', async (t) => {
  const h = smtpHarness({ history: 'DdA' });
  let events = 0;
  h.events.on('smtp_reply', () => void events++);
  h.events.on('smtp_request', () => void events++);
  greet(h);
  h.send(true, crlf('MAIL FROM:<a@example.org>'));
  h.close();
  t.equal(events, 0);
  t.same(h.rows('smtp'), []);
});

t.test('smtp: a content gap in DATA ends the message and marks its file incomplete',
  async (t) => {
    const h = smtpHarness();
    const unexpected: string[] = [];
    h.events.on('smtp_unexpected', (_c, _o, msg, detail) => {
      unexpected.push(`${msg}: ${detail}`);
    });
    greet(h);
    h.send(true, crlf('MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.com>', 'DATA'));
    h.send(false, crlf('250 ok', '250 ok', '354 go'));
    h.send(true, crlf('Subject: gap', '', 'first'));
    h.analyzer.gap(true, 100);
    h.send(true, crlf('more', '.'));
    h.send(false, crlf('250 ok'));
    h.close();
    t.match(unexpected[0], /^content gap: seq = \d+, len = 100$/);
    t.same(h.rows('files').map((f) => [f.seen_bytes, f.missing_bytes]), [[7, 100]]);
    t.equal(h.rows('smtp')[0].subject, 'gap');
  });

t.test('smtp: on another port the analyzer waits for a greeting and a HELO', async (t) => {
  const make = () => harness({
    respPort: 2525,
    register: (events, logs, weirds) => registerSmtpLog(events, logs, weirds),
    create: (ctx) => SMTP_ANALYZER.create(ctx),
  });
  const h = make();
  h.conn.history = 'ShAD';
  const seen: string[] = [];
  h.events.on('smtp_reply', (_c, _o, code) => void seen.push(`reply ${code}`));
  h.events.on('smtp_request', (_c, _o, cmd) => void seen.push(`request ${cmd}`));
  h.send(false, crlf('220 mail.example.com ESMTP'));
  t.same(seen, [], 'the greeting alone is held');
  h.send(true, crlf('HELO client'));
  t.same(seen, ['reply 220', 'request HELO']);
  t.equal(SMTP_ANALYZER.detect?.(Buffer.from('220 x\r\n'), false, 'tcp'), true);
  t.equal(SMTP_ANALYZER.detect?.(Buffer.from('GET / HTTP/1.1\r\n'), true, 'tcp'), false);

  const other = make();
  other.conn.history = 'ShAD';
  other.send(false, crlf('220 ftp server ready'));
  other.send(true, 'USER anonymous\r\n'.repeat(80));
  t.same(other.weirds.map((w) => w.name), ['violation'], 'a client that never says HELO');

  const quiet = make();
  quiet.conn.history = 'ShAD';
  quiet.send(false, crlf('220 ready'));
  for (let i = 0; i < 30; i++) quiet.send(false, crlf(`250-${'x'.repeat(100)}`));
  t.same(quiet.weirds.map((w) => w.name), ['violation'], 'what is held has a bound');
});

/**
 * Arbitrary bytes never make the SMTP analyzer throw, and where a segment boundary falls does
 * not change what a mail yields.
 */
import fc from 'fast-check';
import t from 'tap';

import { crlf, greet, smtpHarness } from './smtp-harness.js';

const chunks = fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 300 })),
  { maxLength: 30 });

/** Bytes that steer the analyzer into its states: commands, replies, MIME, BDAT, dots. */
const SMTP_WORDS = ['MAIL FROM:<a@b>\r\n', 'RCPT TO:<c@d>\r\n', 'DATA\r\n', '354 go\r\n',
  '250 ok\r\n', '.\r\n', 'BDAT 5\r\n', 'BDAT 3 LAST\r\n', '--b\r\n', 'Content-Type: ',
  'multipart/mixed; boundary=b\r\n', 'Content-Transfer-Encoding: base64\r\n', '\r\n', '=\r\n',
  '\0', '\r', 'AUTH LOGIN\r\n', '334 x\r\n', 'STARTTLS\r\n', '220 go\r\n', 'TURN\r\n'];
const words = fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...SMTP_WORDS)), { maxLength: 60 });

t.test('smtp: random segments after a greeting never throw', async () => {
  fc.assert(fc.property(chunks, words, (segs, script) => {
    const h = smtpHarness({ child: () => ({}) });
    greet(h);
    for (const [isOrig, w] of script) h.send(isOrig, w);
    for (const [isOrig, data] of segs) h.send(isOrig, data);
    h.analyzer.gap(true, 10);
    h.close();
  }), { numRuns: 300 });
});

const MAIL = crlf('Subject: split', 'Content-Type: multipart/mixed; boundary=b', '',
  '--b', 'Content-Transfer-Encoding: base64', '', 'aGVsbG8gd29y', 'bGQ=', '--b',
  'Content-Transfer-Encoding: quoted-printable', '', 'a=3Db=', 'c', '--b--', '.');

t.test('smtp: a mail split at any points yields the same files', async (t) => {
  const run = (cuts: number[]) => {
    const h = smtpHarness();
    greet(h);
    h.send(true, crlf('MAIL FROM:<a@b.c>', 'RCPT TO:<d@e.f>', 'DATA'));
    h.send(false, crlf('250 ok', '250 ok', '354 go'));
    let at = 0;
    for (const cut of [...cuts.sort((a, b) => a - b), MAIL.length]) {
      h.send(true, MAIL.slice(at, cut));
      at = cut;
    }
    h.close();
    return h.rows('files').map((f) => [f.md5, f.seen_bytes]);
  };
  const whole = run([]);
  t.equal(whole.length, 2);
  fc.assert(fc.property(fc.array(fc.nat(MAIL.length), { maxLength: 8 }), (cuts) => {
    t.same(run(cuts), whole);
  }), { numRuns: 100 });
});

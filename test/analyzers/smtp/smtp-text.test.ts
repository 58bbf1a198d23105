import t from 'tap';

import {
  extractEmailAddresses, firstEmailAddress, splitMimeEmailAddresses,
} from '../../../src/analyzers/smtp/email-addresses.js';
import { extractIpAddresses } from '../../../src/analyzers/smtp/embedded-ip-addresses.js';
import { parseBdatArg } from '../../../src/analyzers/smtp/smtp-bdat.js';
import { parseCommand } from '../../../src/analyzers/smtp/smtp-commands.js';
import { parseReplyLine, splitCommandLine } from '../../../src/analyzers/smtp/smtp-lines.js';

t.test('smtp: addresses are taken from MAIL and RCPT arguments without their brackets',
  async (t) => {
    t.equal(firstEmailAddress('FROM: <gurpartap@patriots.in>'), 'gurpartap@patriots.in');
    t.equal(firstEmailAddress('FROM:<a@b.c> SIZE=10'), 'a@b.c');
    t.equal(firstEmailAddress('FROM:<>'), '');
    t.same(extractEmailAddresses('TO:<x@y.z>, <u@v.w>'), ['x@y.z', 'u@v.w']);
  });

t.test('smtp: To and Cc keep display names, split at commas outside quotes', async (t) => {
  t.same(splitMimeEmailAddresses('felica4uu@hotmail.com,\n davis_mark1@outlook.com'),
    ['felica4uu@hotmail.com', 'davis_mark1@outlook.com']);
  t.same(splitMimeEmailAddresses('"Doe, Jane" <jd@x.org>, Bob <b@y.org>'),
    ['"Doe, Jane" <jd@x.org>', 'Bob <b@y.org>']);
  t.same(splitMimeEmailAddresses('undisclosed-recipients:;'), []);
});

t.test('smtp: addresses in Received fields count only when set apart', async (t) => {
  t.same(extractIpAddresses('from a (a [192.0.2.7]) by b (1.2.3.4.5)', true), ['192.0.2.7']);
  t.same(extractIpAddresses('from [2001:db8::1] by b', true), ['2001:db8::1']);
  t.same(extractIpAddresses('v1.2.3.4x', true), []);
  t.same(extractIpAddresses('v1.2.3.4x'), ['1.2.3.4']);
  t.same(extractIpAddresses('256.1.1.1'), ['56.1.1.1']);
});

t.test('smtp: command and reply lines split as Zeek splits them', async (t) => {
  t.same(splitCommandLine(Buffer.from('MAIL  \tFROM:<a@b>')), { word: 'MAIL', arg: 'FROM:<a@b>' });
  t.equal(parseCommand('ehlo'), 'EHLO');
  t.equal(parseCommand('X-ANONYMOUSTLS'), 'X_ANONYMOUSTLS');
  t.equal(parseCommand('XYZZY'), undefined);
  t.same(parseReplyLine(Buffer.from('250-PIPELINING')),
    { kind: 'reply', code: 250, more: true, msg: 'PIPELINING' });
  t.same(parseReplyLine(Buffer.from('354 ')), { kind: 'reply', code: 354, more: false, msg: '' });
  t.same(parseReplyLine(Buffer.from('099 no')), { kind: 'invalid' });
  t.same(parseReplyLine(Buffer.from('25')), { kind: 'invalid' });
});

t.test('smtp: BDAT arguments name a size and maybe LAST, nothing else', async (t) => {
  t.same(parseBdatArg('86 last'), { kind: 'chunk', size: 86n, last: true });
  t.same(parseBdatArg('18446744073709551615 LAST'),
    { kind: 'chunk', size: 18446744073709551615n, last: true });
  t.same(parseBdatArg(' 86'), { kind: 'error', reason: 'BDAT not followed by a valid chunk-size' });
  t.same(parseBdatArg('86LAST'), { kind: 'error', reason: 'BDAT chunk-size not valid' });
  t.same(parseBdatArg('86 LASTX'), { kind: 'error', reason: 'BDAT chunk-size followed by junk' });
  t.same(parseBdatArg('184467440737095516150'),
    { kind: 'error', reason: 'BDAT chunk-size too large' });
  t.same(parseBdatArg('184467440737095516150 LAST'),
    { kind: 'error', reason: 'BDAT argument bad length' });
});

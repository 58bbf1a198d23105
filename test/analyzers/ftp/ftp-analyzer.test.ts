import t from 'tap';

import type { Analyzer } from '../../../src/analyzers/analyzer.js';
import { FtpAnalyzer } from '../../../src/analyzers/ftp/ftp-analyzer.js';
import { registerFtpLog } from '../../../src/analyzers/ftp/ftp-log.js';
import {
  DEFAULT_FTP_ANALYZER_OPTIONS, DEFAULT_FTP_LOG_OPTIONS, type FtpAnalyzerOptions,
  type FtpLogOptions,
} from '../../../src/analyzers/ftp/ftp-options.js';
import { hex } from '../../helpers/packet-builder.js';
import { harness, text } from '../analyzer-harness.js';

function ftpHarness(
  opts: Partial<FtpAnalyzerOptions> = {}, log: Partial<FtpLogOptions> = {},
  child?: (name: string) => Analyzer | undefined,
) {
  return harness({
    respPort: 21,
    register: (events, logs, weirds) => registerFtpLog({
      events, logs, weirds, options: { ...DEFAULT_FTP_LOG_OPTIONS, ...log },
    }),
    create: (ctx) => new FtpAnalyzer(ctx, { ...DEFAULT_FTP_ANALYZER_OPTIONS, ...opts }),
    child,
  });
}

const names = (ws: { name: string }[]) => ws.map((w) => w.name);
const logAll = (cmds: string[]) => ({
  loggedCommands: new Set([...DEFAULT_FTP_LOG_OPTIONS.loggedCommands, ...cmds]),
});

/** A session up to a logged-in anonymous user. */
function login(h: ReturnType<typeof ftpHarness>, user = 'anonymous', pass = 'me@example.org') {
  h.send(false, '220 ready\r\n');
  h.send(true, `USER ${user}\r\n`);
  h.send(false, '331 Please specify the password.\r\n');
  h.send(true, `PASS ${pass}\r\n`);
  h.send(false, '230 Login successful.\r\n');
}

t.test('ftp: commands and replies split anywhere in the stream are reassembled', async (t) => {
  const h = ftpHarness({}, logAll(['USER', 'PASS']));
  h.send(false, '22');
  h.send(false, '0 hi\r');
  h.send(false, '\n');
  h.send(true, 'US');
  h.send(true, 'ER anonymous\r');
  h.send(true, '\nPASS x@y\r\n');
  h.send(false, '331 pw\r\n230 ok\r\n');
  h.close();
  t.same(h.rows('ftp').map((r) => [r.command, text(r.arg), r.reply_code]),
    [['USER', 'anonymous', 331], ['PASS', 'x@y', 230]]);
  t.equal(h.confirmed, 1);
  t.same(names(h.weirds), []);
});

t.test('ftp: a long command after confirmation is dropped with a weird and history X', async (t) => {
  const h = ftpHarness();
  login(h);
  h.send(true, `TYPE${'E'.repeat(128)}\r\n`);
  h.send(true, `SYST${'T'.repeat(128)}\r\n`);
  t.same(h.weirds, [
    { name: 'FTP_max_command_length_exceeded', addl: '132 > 100' },
    { name: 'FTP_max_command_length_exceeded', addl: '132 > 100' },
  ]);
  t.match(h.conn.history, /X/);
});

t.test('ftp: a long command before confirmation is dropped quietly', async (t) => {
  const h = ftpHarness({ maxCommandLength: 5 });
  h.send(true, 'ABCDEFG x\r\n');
  t.same(h.weirds, []);
  t.equal(h.confirmed, 0);
});

t.test('ftp: an invalid command word is a weird once the session is FTP', async (t) => {
  const h = ftpHarness();
  h.send(true, 'x\r\n');
  t.same(h.weirds, [], 'not before confirmation');
  login(h);
  h.send(true, '\x01\x02\x03 y\r\n');
  t.same(names(h.weirds), ['FTP_invalid_command']);
});

t.test('ftp: Telnet commands are removed from lines; IAC IAC stays a 255', async (t) => {
  const h = ftpHarness({}, logAll(['USER']));
  h.send(false, '220 x\r\n');
  // ff f4 ff f2: IAC IP, IAC DM (Telnet interrupt before ABOR); ff fb 01: IAC WILL ECHO;
  // ff fa 18 01 ff f0: a sub-negotiation; ff ff: a literal 0xff in the user name.
  h.send(true, Buffer.concat([Buffer.from('US'), hex('ff f4 ff f2'), Buffer.from('ER a'),
    hex('ff fb 01'), Buffer.from('b'), hex('ff fa 18 01 ff f0'), Buffer.from('c'),
    hex('ff ff'), Buffer.from('\r\n')]));
  h.send(false, '331 ok\r\n');
  h.close();
  t.same(text(h.rows('ftp')[0].user), 'abc\xff');
});

t.test('ftp: NUL and a lone CR are reported once each', async (t) => {
  const h = ftpHarness();
  h.send(false, '220 a\0b\r\n220 c\rd\r\n220 e\0f\rg\r\n');
  t.same(names(h.weirds), ['NUL_in_line', 'line_terminated_with_single_CR']);
});

t.test('ftp: a multi-line reply is one reply; its inner lines are continuations', async (t) => {
  const h = ftpHarness();
  const replies: [number, string, boolean][] = [];
  h.events.on('ftp_reply', (_c, code, msg, cont) => replies.push([code, msg, cont]));
  h.send(false, '220-Welcome\r\n  to here\r\n220 ready\r\n');
  t.same(replies, [[220, 'Welcome', true], [0, '  to here', true], [220, 'ready', false]]);
});

t.test('ftp: a server line without a reply code is a protocol violation', async (t) => {
  const h = ftpHarness();
  h.send(false, 'hello\r\n');
  h.send(false, '099 low\r\n');
  h.send(false, '220x\r\n');
  t.same(h.weirds.map((w) => w.addl),
    ['non-numeric reply code', 'invalid reply code', 'invalid reply line']);
});

t.test('ftp: passwords of non-guest users are hidden; guests\' are shown', async (t) => {
  const h = ftpHarness({}, logAll(['PASS']));
  login(h, 'alice', 'secret');
  h.close();
  const [pass] = h.rows('ftp');
  t.equal(pass.arg, '<hidden>');
  t.equal(pass.password, '<hidden>');
  const g = ftpHarness({}, logAll(['PASS']));
  login(g, 'Anonymous', 'me@x');
  g.close();
  t.equal(text(g.rows('ftp')[0].password), 'me@x');
});

t.test('ftp: RETR logs the file as a URL under the working directory, as Zeek builds it', async (t) => {
  const h = ftpHarness();
  login(h);
  h.send(true, 'CWD /pub/a\r\n');
  h.send(false, '250 ok\r\n');
  h.send(true, 'CDUP\r\n');
  h.send(false, '250 ok\r\n');
  h.send(true, 'RETR ../x/./f.txt\r\n');
  h.send(false, '150 Opening BINARY mode data connection for f.txt (1234 bytes).\r\n');
  h.send(false, '226 Transfer complete.\r\n');
  h.send(true, 'QUIT\r\n');
  h.close();
  const [row] = h.rows('ftp');
  // As in Zeek, CDUP joins "/.." (an absolute path), so the directory becomes "/..".
  t.equal(row.arg, 'ftp://192.0.2.1/../../x/f.txt');
  t.equal(row.file_size, 1234);
  t.equal(row.reply_code, 226);
});

t.test('ftp: PASV, EPSV and PORT fill the data_channel columns', async (t) => {
  const h = ftpHarness();
  login(h);
  h.send(true, 'PASV\r\n');
  h.send(false, '227 Entering Passive Mode (192,0,2,1,195,80).\r\n');
  h.send(true, 'EPSV\r\n');
  h.send(false, '229 Entering Extended Passive Mode (|||6446|)\r\n');
  h.send(true, 'PORT 10,0,0,1,4,31\r\n');
  h.send(false, '200 PORT command successful.\r\n');
  h.send(true, 'QUIT\r\n');
  h.close();
  t.same(h.rows('ftp').map((r) => [r.command, r['data_channel.passive'],
    r['data_channel.orig_h'], r['data_channel.resp_h'], r['data_channel.resp_p']]), [
    ['PASV', true, '10.0.0.1', '192.0.2.1', 50000],
    ['EPSV', true, '10.0.0.1', '192.0.2.1', 6446],
    ['PORT', false, '192.0.2.1', '10.0.0.1', 1055],
  ]);
});

t.test('ftp: pipelined commands are matched to replies by expected code', async (t) => {
  const h = ftpHarness({}, logAll(['TYPE', 'SYST']));
  login(h);
  h.send(true, 'TYPE I\r\nSYST\r\n');
  h.send(false, '215 UNIX Type: L8\r\n200 Switching to Binary mode.\r\n');
  h.close();
  t.same(h.rows('ftp').map((r) => [r.command, r.reply_code]), [['SYST', 215], ['TYPE', 200]]);
});

t.test('ftp: a session with no logged command still gets one summary row', async (t) => {
  const h = ftpHarness();
  login(h);
  h.send(true, 'QUIT\r\n');
  h.send(false, '221 Goodbye.\r\n');
  h.close();
  const rows = h.rows('ftp');
  t.equal(rows.length, 1);
  t.same([text(rows[0].user), rows[0].command, rows[0].reply_code], ['anonymous', 'QUIT', 221]);
});

t.test('ftp: too many pending commands is a weird', async (t) => {
  const h = ftpHarness({}, { maxPendingCommands: 3 });
  h.send(true, 'NOOP\r\nNOOP\r\nNOOP\r\n');
  t.same(h.weirds, [{ name: 'FTP_too_many_pending_commands', addl: '3' }]);
});

t.test('ftp: an over-long user name is cut with a weird', async (t) => {
  const h = ftpHarness({}, { maxUserLength: 4 });
  h.send(true, 'USER abcdefgh\r\n');
  h.close();
  t.same(h.weirds, [{ name: 'FTP_user_too_long', addl: '8' }]);
  t.equal(h.rows('ftp')[0].user, 'abcd');
});

t.test('ftp: after AUTH TLS is accepted the stream goes to the SSL child', async (t) => {
  const got: string[] = [];
  let done = false;
  const child: Analyzer = {
    deliverStream: (isOrig, data) => got.push(`${isOrig}:${Buffer.from(data).toString('hex')}`),
    done: () => (done = true),
  };
  const h = ftpHarness({}, logAll(['<init>', 'AUTH']), (name) => (name === 'SSL' ? child : undefined));
  let starttls = 0;
  h.events.on('ftp_starttls', () => starttls++);
  h.send(false, '220 (vsFTPd 3.0.5)\r\n');
  h.send(true, 'AUTH TLS\r\n');
  h.send(false, '234 Proceed with negotiation.\r\n');
  h.send(true, hex('16 03 01 00 05'));
  h.send(false, 'USER not-a-command\r\n');
  h.close();
  t.equal(starttls, 1);
  t.same(got, ['true:1603010005', 'false:55534552206e6f742d612d636f6d6d616e640d0a']);
  t.ok(done, 'the child is finished with the connection');
  t.same(h.rows('ftp').map((r) => [r.command, text(r.arg), r.reply_code]),
    [['<init>', undefined, 220], ['AUTH', 'TLS', 234]]);
});

t.test('ftp: without an SSL analyzer the TLS bytes are skipped, not parsed', async (t) => {
  const h = ftpHarness();
  h.send(false, '220 x\r\n');
  h.send(true, 'AUTH TLS\r\n');
  h.send(false, '234 go\r\n');
  h.send(true, '\x16\x03\x01 garbage\r\n');
  t.same(h.weirds, []);
});

t.test('ftp: a connection to an announced data endpoint gets service ftp-data', async (t) => {
  const h = ftpHarness();
  login(h);
  h.send(true, 'PASV\r\n');
  h.send(false, '227 Entering Passive Mode (192,0,2,1,195,80).\r\n');
  const { Connection } = await import('../../../src/stages/connection.js');
  const data = new Connection('Cdata', Uint8Array.of(10, 0, 0, 1), 40001,
    Uint8Array.of(192, 0, 2, 1), 50000, 'tcp', 6, 4, 1001, 300, 0);
  const other = new Connection('Cother', Uint8Array.of(10, 0, 0, 9), 40001,
    Uint8Array.of(192, 0, 2, 1), 50000, 'tcp', 6, 4, 1001, 300, 0);
  h.events.emit('new_connection', other);
  h.events.emit('new_connection', data);
  t.same(data.services, ['ftp-data']);
  t.same(other.services, [], 'only the announced originator');
});

/**
 * The project's own FTP and SMTP capture (test/fixtures/ftp-smtp/: real curl, lftp and swaks
 * clients against pyftpdlib and aiosmtpd servers in two network namespaces; its README lists
 * the exchanges) read as a user would. Every expectation comes from what the capture script
 * sent and served: the file hashes are computed here from the same content files. Ports the
 * client picks, timestamps, ids and keys differ per run and are only compared with each other.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { runWirelog } from '../cli/run-wirelog.js';
import { repoRoot } from '../shared-path.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'ftp-smtp');
const capture = path.join(fixtures, 'ftp-smtp.pcap');
const out = mkdtempSync(path.join(tmpdir(), 'wirelog-ftp-smtp-'));
t.teardown(() => rmSync(out, { recursive: true, force: true }));

const SERVER = '10.87.0.1';
const CLIENT = '10.87.0.2';

type Row = Record<string, string>;

/** The rows of a log as objects keyed by column name. */
function rows(log: string): Row[] {
  const lines = readFileSync(path.join(out, `${log}.log`), 'utf8').split('\n');
  const fields = lines.find((l) => l.startsWith('#fields'))!.split('\t').slice(1);
  return lines.filter((l) => l !== '' && !l.startsWith('#')).map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(fields.map((f, k) => [f, cells[k]]));
  });
}

/** MD5 and SHA-1 of a content file the script served, uploaded or attached. */
function digests(name: string): { md5: string; sha1: string } {
  const bytes = readFileSync(path.join(fixtures, 'content', name));
  return {
    md5: createHash('md5').update(bytes).digest('hex'),
    sha1: createHash('sha1').update(bytes).digest('hex'),
  };
}

/** A set column as a sorted list (the order of a set's members is not part of the log). */
const members = (cell: string) => cell.split(',').sort();

let conns: Row[], ftp: Row[], files: Row[], smtp: Row[], ssl: Row[];

t.before(async () => {
  const config = path.join(out, 'hashes.yaml');
  writeFileSync(config, 'files:\n  hash_md5: true\n  hash_sha1: true\n');
  const r = await runWirelog(['--config', config, '-r', capture, '-d', out]);
  if (r.code !== 0) throw new Error(`wirelog failed: ${r.stderr}`);
  [conns, ftp, files, smtp, ssl] = ['conn', 'ftp', 'files', 'smtp', 'ssl'].map(rows);
});

/** The FTP control sessions in capture order, each as its ftp.log rows. */
function ftpSessions(): Row[][] {
  const control = conns
    .filter((c) => c['id.resp_p'] === '21')
    .sort((a, b) => Number(a.ts) - Number(b.ts));
  return control.map((c) => ftp.filter((f) => f.uid === c.uid));
}

/** The conn.log row of the data connection a PASV/EPSV/PORT/EPRT row announced. */
function dataConn(announce: Row): Row | undefined {
  return conns.find(
    (c) =>
      c['id.orig_h'] === announce['data_channel.orig_h'] &&
      c['id.resp_h'] === announce['data_channel.resp_h'] &&
      c['id.resp_p'] === announce['data_channel.resp_p'],
  );
}

/** The files.log row of a file id. */
const file = (fuid: string) => files.find((f) => f.fuid === fuid);

t.test('ftp: control connections and their data connections in conn.log', async (t) => {
  const control = conns.filter((c) => c['id.resp_p'] === '21');
  t.equal(control.length, 9, 'nine FTP sessions');
  t.same(control.map((c) => c.service).sort(), [...new Array(8).fill('ftp'), 'ftp,ssl'].sort());
  const data = conns.filter((c) => c.service === 'ftp-data');
  t.equal(data.length, 7, 'EPSV, PASV, EPRT, PORT, STOR, the 550 and LIST data connections');
  const active = data.filter((c) => c['id.orig_h'] === SERVER);
  t.same(active.map((c) => c['id.resp_h']), [CLIENT, CLIENT], 'active mode: the server connects');
  t.ok(data.every((c) => c.conn_state === 'SF'));
});

t.test('ftp: named user, EPSV and RETR of readme.txt', async (t) => {
  const [epsv, retr] = ftpSessions()[0];
  t.same([epsv.command, epsv.reply_code, retr.command, retr.reply_code],
    ['EPSV', '229', 'RETR', '226']);
  t.same([retr.user, retr.password], ['alice', '<hidden>'], 'a named user\'s password is hidden');
  t.equal(retr.arg, `ftp://${SERVER}/pub/readme.txt`, 'the path after PWD and CWD pub, as a URL');
  t.equal(retr.reply_msg, 'Transfer complete.');
  t.match(epsv.reply_msg, /^Entering extended passive mode \(\|\|\|\d+\|\)\.$/);
  t.same(
    [epsv['data_channel.passive'], epsv['data_channel.orig_h'], epsv['data_channel.resp_h']],
    ['T', CLIENT, SERVER],
  );
  t.equal(epsv['data_channel.resp_p'], /\|\|\|(\d+)\|/.exec(epsv.reply_msg)![1]);
  t.equal(dataConn(epsv)?.service, 'ftp-data');

  const f = file(retr.fuid);
  t.same([f?.source, f?.mime_type, f?.is_orig, f?.seen_bytes],
    ['FTP_DATA', 'text/plain', 'F', '238']);
  t.same([f?.md5, f?.sha1], Object.values(digests('readme.txt')), 'the bytes of readme.txt');
  t.equal(f?.uid, dataConn(epsv)?.uid, 'the file came over the announced data connection');
});

t.test('ftp: anonymous, PASV and RETR', async (t) => {
  const [pasv, retr] = ftpSessions()[1];
  t.same([retr.user, retr.password], ['anonymous', 'guest@lab.test'], 'a guest password is shown');
  t.same([pasv.command, pasv.reply_code, pasv['data_channel.passive']], ['PASV', '227', 'T']);
  const [, p1, p2] = /\(10,87,0,1,(\d+),(\d+)\)/.exec(pasv.reply_msg)!;
  t.equal(pasv['data_channel.resp_p'], String(Number(p1) * 256 + Number(p2)));
  t.same([retr.arg, retr.reply_code], [`ftp://${SERVER}/pub/readme.txt`, '226']);
  t.same(file(retr.fuid)?.md5, digests('readme.txt').md5);
});

t.test('ftp: active EPRT and PORT, the server opening the data connection', async (t) => {
  const [eprt, retrImage] = ftpSessions()[2];
  const port = /^\|1\|10\.87\.0\.2\|(\d+)\|$/.exec(eprt.arg)?.[1];
  t.ok(port, `EPRT names the client's address: ${eprt.arg}`);
  t.same([eprt.reply_code, eprt['data_channel.passive'], eprt['data_channel.orig_h']],
    ['200', 'F', SERVER]);
  t.same([eprt['data_channel.resp_h'], eprt['data_channel.resp_p']], [CLIENT, port]);
  t.equal(dataConn(eprt)?.service, 'ftp-data');

  t.equal(retrImage.arg, `ftp://${SERVER}/pub/image.png`);
  t.equal(retrImage.mime_type, 'image/png', 'identified during the transfer (over 1024 bytes)');
  const image = file(retrImage.fuid);
  t.same([image?.mime_type, image?.is_orig, image?.seen_bytes], ['image/png', 'T', '4908'],
    'sent by the originator of the data connection, the server');
  t.same([image?.md5, image?.sha1], Object.values(digests('image.png')));

  const [portRow, retr] = ftpSessions()[3];
  const m = /^10,87,0,2,(\d+),(\d+)$/.exec(portRow.arg);
  t.ok(m, `PORT names the client's address: ${portRow.arg}`);
  t.equal(portRow['data_channel.resp_p'], String(Number(m![1]) * 256 + Number(m![2])));
  t.same([portRow['data_channel.passive'], portRow['data_channel.resp_h']], ['F', CLIENT]);
  t.equal(retr.mime_type, '-', 'a small file is identified only when its connection is removed');
  t.same([file(retr.fuid)?.md5, file(retr.fuid)?.is_orig], [digests('readme.txt').md5, 'T']);
});

t.test('ftp: STOR of upload.txt', async (t) => {
  const [epsv, stor] = ftpSessions()[4];
  t.same([stor.command, stor.arg, stor.reply_code],
    ['STOR', `ftp://${SERVER}/incoming/upload.txt`, '226']);
  const f = file(stor.fuid);
  t.same([f?.source, f?.is_orig, f?.mime_type], ['FTP_DATA', 'T', 'text/plain'],
    'the client sent the file on the connection it opened');
  t.same([f?.md5, f?.sha1], Object.values(digests('upload.txt')));
  t.equal(f?.uid, dataConn(epsv)?.uid);
});

t.test('ftp: refused login, missing file and LIST', async (t) => {
  const [failed] = ftpSessions()[5];
  t.same([failed.user, failed.command, failed.arg, failed.reply_code, failed.reply_msg],
    ['alice', 'PASS', '<hidden>', '530', 'Authentication failed.'],
    'no logged command: the session\'s last command is the summary row');

  const [epsv, retr] = ftpSessions()[6];
  t.same([retr.arg, retr.reply_code, retr.fuid],
    [`ftp://${SERVER}/pub/missing.txt`, '550', '-']);
  const empty = dataConn(epsv)!;
  t.same([empty.service, empty.resp_bytes], ['ftp-data', '0']);
  t.notOk(files.some((f) => f.uid === empty.uid), 'an empty data connection carries no file');

  const list = ftpSessions()[7];
  t.same(list.map((r) => r.command), ['EPSV'], 'LIST itself is not a logged command');
  const listing = files.filter((f) => f.uid === dataConn(list[0])?.uid);
  t.same(listing.map((f) => [f.source, f.mime_type, f.is_orig]), [['FTP_DATA', 'text/plain', 'F']]);
});

t.test('ftp: AUTH TLS hands the control connection to TLS', async (t) => {
  const [auth] = ftpSessions()[8];
  t.same([auth.user, auth.command, auth.arg, auth.reply_code],
    ['<unknown>', 'AUTH', 'TLS', '234'], 'USER was sent inside TLS');
  const tls = ssl.find((s) => s.uid === auth.uid);
  t.same([tls?.established, tls?.server_name], ['T', SERVER], 'lftp sends the host it was given');
  t.equal(conns.find((c) => c.uid === auth.uid)?.service, 'ftp,ssl');

  // The protected data connection's PASV reply was encrypted: it is TLS only.
  const after = conns.filter((c) => Number(c.ts) > Number(auth.ts) && c['id.resp_p'] !== '21');
  const data = after.find((c) => c['id.resp_h'] === SERVER && c['id.resp_p'] !== '25');
  t.equal(data?.service, 'ssl');
  t.equal(ssl.find((s) => s.uid === data?.uid)?.established, 'T');
  t.notOk(files.some((f) => f.uid === data?.uid));
});

t.test('smtp: conn.log and one smtp.log row per session', async (t) => {
  const sessions = conns.filter((c) => c['id.resp_p'] === '25');
  t.same(sessions.map((c) => c.service).sort(), ['smtp', 'smtp', 'smtp', 'smtp,ssl']);
  t.equal(smtp.length, 4);
  t.ok(smtp.every((s) => s.helo === 'client.lab.test' && s.trans_depth === '1'));
});

t.test('smtp: plain message with To and Cc headers', async (t) => {
  const s = smtp.find((r) => r.subject === 'Lab report for the week')!;
  t.same([s.mailfrom, members(s.rcptto)],
    ['alice@lab.test', ['bob@lab.test', 'carol@lab.test', 'dave@lab.test']]);
  t.same([s.from, members(s.to), members(s.cc)],
    ['Alice Example <alice@lab.test>', ['Bob <bob@lab.test>', 'carol@lab.test'],
      ['Dave <dave@lab.test>']]);
  t.same([s.date, s.msg_id, s.user_agent],
    ['Mon, 01 Jan 2024 09:00:00 +0000', '<plain-1@client.lab.test>', 'curl (wirelog lab)']);
  t.same([s.tls, s.path], ['F', `${SERVER},${CLIENT}`]);
  t.match(s.last_reply, /^250 2\.0\.0 OK: queued as lab\d+$/);
  t.same(s.fuids.split(',').map((id) => [file(id)?.source, file(id)?.mime_type]),
    [['SMTP', 'text/plain']], 'the body is the only file');
});

t.test('smtp: two attachments with their names, types and bytes', async (t) => {
  const s = smtp.find((r) => r.subject === 'Two attachments')!;
  t.same([s.mailfrom, s.rcptto, s.to, s.user_agent],
    ['alice@lab.test', 'bob@lab.test', 'bob@lab.test', 'swaks (wirelog lab)']);
  const parts = s.fuids.split(',').map((id) => file(id)!);
  t.same(parts.map((f) => [f.filename, f.mime_type, f.depth]), [
    ['-', 'text/plain', '2'],
    ['notes.txt', 'text/plain', '3'],
    ['image.png', 'image/png', '4'],
  ], 'the body, then the attachments in order');
  t.same([parts[1].md5, parts[1].sha1], Object.values(digests('notes.txt')));
  t.same([parts[2].md5, parts[2].sha1], Object.values(digests('image.png')),
    'base64 decoded to the attached bytes');
  t.ok(parts.every((f) => f.uid === s.uid && f.source === 'SMTP'));
});

t.test('smtp: STARTTLS hides the message', async (t) => {
  const s = smtp.find((r) => r.tls === 'T')!;
  t.same([s.mailfrom, s.subject, s.fuids, s.last_reply],
    ['-', '-', '(empty)', '220 Ready to start TLS']);
  t.equal(conns.find((c) => c.uid === s.uid)?.service, 'smtp,ssl');
  const tls = ssl.find((r) => r.uid === s.uid);
  t.same([tls?.server_name, tls?.established], ['mail.lab.test', 'T']);
  t.equal(smtp.filter((r) => r.subject === 'Sent over STARTTLS').length, 0);
});

t.test('smtp: a refused recipient stays in rcptto, the message goes to the other', async (t) => {
  const s = smtp.find((r) => r.subject === 'One recipient refused')!;
  t.same(members(s.rcptto), ['bob@lab.test', 'nobody@lab.test']);
  t.match(s.last_reply, /^250 2\.0\.0 OK: queued as lab\d+$/);
  t.equal(s.fuids.split(',').length, 1);
});

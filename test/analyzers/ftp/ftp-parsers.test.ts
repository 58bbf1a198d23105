import t from 'tap';

import {
  parseEftpPort, parseFtpEpsv, parseFtpPasv, parseFtpPort,
} from '../../../src/analyzers/ftp/ftp-data-channel.js';
import { compressPath, extractPath, ftpUrl } from '../../../src/analyzers/ftp/ftp-paths.js';
import { PendingCommands } from '../../../src/analyzers/ftp/ftp-pending-commands.js';

t.test('ftp: PORT text needs six numbers 0-255', async (t) => {
  t.same(parseFtpPort('10,0,0,1,4,31'), { h: '10.0.0.1', p: 1055, valid: true });
  t.same(parseFtpPort(' 10, 0,0,1,4,31'), { h: '10.0.0.1', p: 1055, valid: true });
  t.equal(parseFtpPort('114,115').valid, false, 'too short');
  t.equal(parseFtpPort('10,0,0,256,4,31').valid, false, 'a byte over 255');
  t.same(parseFtpPort('4294967306,+0,0,1,0,21'), { h: '10.0.0.1', p: 21, valid: true },
    'each number is stored in a 32-bit int, as sscanf stores it');
  t.equal(parseFtpPort('99999999999999999999,0,0,1,0,21').valid, false, 'saturated: -1');
});

t.test('ftp: PASV replies are read after "(", after PORT, or around the first comma', async (t) => {
  t.same(parseFtpPasv('Entering Passive Mode (1,2,3,4,0,21)'), { h: '1.2.3.4', p: 21, valid: true });
  t.same(parseFtpPasv('Entering Passive Mode 1,2,3,4,0,22'), { h: '1.2.3.4', p: 22, valid: true });
  t.equal(parseFtpPasv('').valid, false);
});

t.test('ftp: EPSV and EPRT use the delimited extended form', async (t) => {
  t.same(parseFtpEpsv('Entering Extended Passive Mode (|||6446|)'), { h: '::', p: 6446, valid: true });
  t.same(parseEftpPort('|2|2001:db8::1|5282|'), { h: '2001:db8::1', p: 5282, valid: true });
  t.equal(parseEftpPort('|1|not-an-ip|5282|').valid, false);
  t.equal(parseEftpPort('|1|10.0.0.1|70000|').valid, false);
  t.equal(parseEftpPort('|1|10.0.0.1|99').valid, false, 'no closing delimiter');
});

t.test('ftp: extended-form addresses come out as conn.log writes them', async (t) => {
  t.same(parseEftpPort('|2|2001:DB8:0:0:0:0:0:1|5000|'), {
    h: '2001:db8::1', p: 5000, valid: true,
  });
  t.same(parseEftpPort('|2|::ffff:10.0.0.1|5003|'), { h: '10.0.0.1', p: 5003, valid: true },
    'an IPv4-mapped address is the IPv4 address');
  t.same(parseEftpPort('|2|::FFFF:a00:2|5004|').h, '10.0.0.2');
  t.same(parseFtpEpsv('ok (|2|2001:db8:0::0:2|6000|)'), { h: '2001:db8::2', p: 6000, valid: true });
  t.same(parseEftpPort('|1| 010.0.0.1|21|'), { h: '10.0.0.1', p: 21, valid: true },
    'a dotted quad as scanf reads it: blanks before a number, leading zeros');
  t.same(parseEftpPort('|2|0:0:0:0:0:0:0:0|21|').h, '::');
});

t.test('ftp: an address Zeek does not take leaves the endpoint invalid, at ::', async (t) => {
  for (const addr of ['fe80::1%eth0', '2001:db8::1 ', '::ffff:010.0.0.1', '10.0.0.1x',
    '10.0.0.256', '1.2.3', '2001:db8:::1', '1:2:3:4:5:6:7:8:9']) {
    t.same(parseEftpPort(`|2|${addr}|5005|`), { h: '::', p: 5005, valid: false }, addr);
  }
});

t.test('ftp: the extended form is read by position, as Zeek reads it', async (t) => {
  t.same(parseEftpPort('|x|10.0.0.1|5|'), { h: '::', p: 10, valid: false },
    'a bad protocol number leaves the reader before the address, which is never read');
  t.same(parseEftpPort('|1|10.0.0.1| |'), { h: '10.0.0.1', p: 0, valid: false },
    'blanks are no port');
  t.same(parseEftpPort('|1|10.0.0.1'), { h: '10.0.0.1', p: 0, valid: true },
    'nothing after the address: port 0');
  t.same(parseEftpPort('|||4294972296|'), { h: '::', p: 5000, valid: true },
    'the port is stored in a 32-bit int');
});

t.test('ftp: paths are compressed as Zeek compresses them', async (t) => {
  t.equal(compressPath('./robots.txt'), './robots.txt');
  t.equal(compressPath('/a//b/./c/../d/'), '/a/b/d');
  t.equal(compressPath('/..'), '/..');
  t.equal(ftpUrl('2001:db8::1', '.', 'f'), 'ftp://[2001:db8::1]/./f');
  t.equal(extractPath('"/home/ftp" is the current directory'), '/home/ftp');
  t.equal(extractPath('no path'), '');
});

t.test('ftp: a reply matches the pending command it fits best, oldest on ties', async (t) => {
  const p = new PendingCommands();
  p.add(1, 'TYPE', 'I', 1);
  p.add(2, 'SYST', '', 2);
  p.add(3, 'NOOP', '', 3);
  t.equal(p.bestMatch(215, 'UNIX').cmd, 'SYST', 'by reply code');
  t.equal(p.bestMatch(500, 'bad NOOP').cmd, 'NOOP', '500 fits all; the name decides');
  t.equal(p.bestMatch(999, 'x').cmd, 'SYST',
    'an empty argument occurs in any text (as in Zeek); the tie goes to the oldest');
  t.equal(new PendingCommands().bestMatch(200, 'x').ts, undefined, 'nothing pending');
});

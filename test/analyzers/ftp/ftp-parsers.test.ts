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

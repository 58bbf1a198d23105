/**
 * Arbitrary bytes never make the SSH or FTP analyzer throw: bad input becomes weirds or
 * violations, and analysis carries on.
 */
import fc from 'fast-check';
import t from 'tap';

import { FtpAnalyzer } from '../../src/analyzers/ftp/ftp-analyzer.js';
import { registerFtpLog } from '../../src/analyzers/ftp/ftp-log.js';
import {
  DEFAULT_FTP_ANALYZER_OPTIONS, DEFAULT_FTP_LOG_OPTIONS,
} from '../../src/analyzers/ftp/ftp-options.js';
import { LocalNetworks } from '../../src/analyzers/conn/local-networks.js';
import { SshAnalyzer } from '../../src/analyzers/ssh/ssh-analyzer.js';
import { registerSshLog } from '../../src/analyzers/ssh/ssh-log.js';
import { DEFAULT_SSH_LOG_OPTIONS } from '../../src/analyzers/ssh/ssh-options.js';
import { harness } from './analyzer-harness.js';
import { CLIENT_LISTS, kexInit, LIMITS, SERVER_LISTS } from './ssh/ssh-packets.js';

const chunks = fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 300 })),
  { maxLength: 30 });

t.test('ssh: random segments after valid banners never throw', async () => {
  fc.assert(fc.property(chunks, fc.nat(200), (segs, cut) => {
    const h = harness({
      respPort: 22,
      register: (events, logs, weirds) => registerSshLog({
        events, logs, weirds, local: new LocalNetworks([]), options: DEFAULT_SSH_LOG_OPTIONS,
      }),
      create: (ctx) => new SshAnalyzer(ctx, { ...LIMITS, maxPacketLength: 4096 }),
    });
    h.send(true, 'SSH-2.0-a\r\n');
    h.send(false, 'SSH-2.0-b\r\n');
    h.send(true, kexInit(CLIENT_LISTS).subarray(0, cut));
    h.send(false, kexInit(SERVER_LISTS));
    for (const [isOrig, data] of segs) h.send(isOrig, data);
    h.close();
  }), { numRuns: 300 });
});

t.test('ftp: random lines and bytes never throw', async () => {
  const line = fc.oneof(
    fc.constantFrom('USER a\r\n', 'PASS b\r\n', '220 hi\r\n', 'PASV\r\n', '227 (1,2,3,4,5,6)\r\n',
      '229 (|||9|)\r\n', 'EPRT |2|::1|5|\r\n', 'CWD /x/..\r\n', '250-a\r\n', 'AUTH TLS\r\n',
      '234 go\r\n', '\xff\xfa\x18', '\xff\xf0'),
    fc.string({ maxLength: 40 }),
  );
  fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), line), { maxLength: 40 }), (lines) => {
    const h = harness({
      respPort: 21,
      register: (events, logs, weirds) => registerFtpLog({
        events, logs, weirds, options: DEFAULT_FTP_LOG_OPTIONS,
      }),
      create: (ctx) => new FtpAnalyzer(ctx, { ...DEFAULT_FTP_ANALYZER_OPTIONS, maxLineLength: 64 }),
    });
    for (const [isOrig, l] of lines) h.send(isOrig, l);
    h.close();
  }), { numRuns: 300 });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { ftpLogOptionsFrom } from '../../../src/analyzers/ftp/ftp-options.js';
import { sshLimitsFrom, sshLogOptionsFrom } from '../../../src/analyzers/ssh/ssh-options.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/config.js';
import { repoRoot } from '../../shared-path.js';

t.test('config: a YAML file reproduces a redef of FTP::logged_commands', async (t) => {
  const config = loadConfig(path.join(repoRoot, 'test/fixtures/ftp/logged-user-syst.yaml'));
  const logged = ftpLogOptionsFrom(config).loggedCommands;
  t.ok(logged.has('USER') && logged.has('SYST') && logged.has('RETR'));
  t.notOk(ftpLogOptionsFrom(loadConfig()).loggedCommands.has('USER'), 'not by default');
});

t.test('config: ftp and ssh defaults are Zeek\'s', async (t) => {
  const config = loadConfig();
  t.equal(config.ftp.max_command_length, 100);
  t.equal(sshLimitsFrom(config).maxPacketLength, 8 * 1024 * 1024);
  t.same(sshLogOptionsFrom(config), {
    hassh: true, compressionAlgorithms: ['zlib', 'zlib@openssh.com'],
  });
});

t.test('config: a list key given something else is an error naming the key', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-cfg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(file, 'ftp:\n  logged_commands: USER\n');
  t.throws(() => loadConfig(file), ConfigError);
  t.throws(() => loadConfig(file), /ftp\.logged_commands' must be a list of strings/);
});

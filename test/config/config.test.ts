import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/config.js';

function withFile(t: { teardown(f: () => void): void }, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'user.yaml');
  writeFileSync(file, text);
  return file;
}

t.test('config: defaults carry every timeout and limit', async (t) => {
  const c = loadConfig();
  t.equal(c.tracker.timeouts.tcp_inactivity_timeout, 300);
  t.equal(c.tracker.timeouts.udp_inactivity_timeout, 60);
  t.equal(c.decoder.fragments.timeout, 60);
  t.equal(c.weird.sampling_threshold, 25);
  t.same(c.pipeline.stages, ['decoder', 'tracker']);
});

t.test('config: a user file overrides single keys and keeps the rest', async (t) => {
  const c = loadConfig(withFile(t, 'tracker:\n  max_connections: 10\nlogs:\n  format: json\n'));
  t.equal(c.tracker.max_connections, 10);
  t.equal(c.logs.format, 'json');
  t.equal(c.tracker.timeouts.tcp_close_delay, 5);
});

t.test('config: a wrong type names the key and its line', async (t) => {
  const file = withFile(t, 'input:\n  batch_size: lots\n');
  t.throws(() => loadConfig(file), new ConfigError(
    `${file}:2: 'input.batch_size' must be a non-negative number, got "lots"`));
});

t.test('config: an enum value outside its set is refused', async (t) => {
  const file = withFile(t, 'logs:\n  format: xml\n');
  t.throws(() => loadConfig(file), /'logs\.format' must be one of tsv, json/);
});

t.test('config: invalid YAML is reported with its line', async (t) => {
  const file = withFile(t, 'tracker:\n  max_connections: [1,\n');
  t.throws(() => loadConfig(file), /user\.yaml:\d+: invalid YAML/);
});

t.test('config: a missing file is an error naming it', async (t) => {
  t.throws(() => loadConfig('/nonexistent/wirelog.yaml'), /cannot read config file \/nonexistent/);
});

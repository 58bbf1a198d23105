/**
 * End to end through the command line: a capture's logs go to Kafka and to files in one run,
 * `wirelog consume` turns the topics back into log files, and those match the files written
 * directly (apart from #open/#close). An unreachable broker ends the run with exit 1 and a
 * clear message after the bounded wait.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { runWirelog } from '../cli/run-wirelog.js';
import { sharedDir } from '../shared-path.js';
import { acquireBroker, NO_BROKER_MESSAGE } from './broker-fixture.js';

const capture = path.join(sharedDir, 'conformance', 'zeek', 'tcp-missing-syn', 'missing-syn.pcap');

function workDir(t: { teardown(f: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-cli-kafka-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A log file without the lines that carry the wall clock. */
function withoutStamps(file: string): string {
  return readFileSync(file, 'utf8').split('\n').filter((l) => !/^#(open|close)/.test(l)).join('\n');
}

t.test('kafka: keying by community_id with the column switched off is a config error', async (t) => {
  const dir = workDir(t);
  const cfg = path.join(dir, 'kafka.yaml');
  writeFileSync(cfg, [
    'community_id:',
    '  enabled: false',
    'kafka:',
    '  brokers: [127.0.0.1:1]',
    '  key: community_id',
  ].join('\n'));
  const r = await runWirelog(['-r', capture, '-C', '--config', cfg, '-d', dir]);
  t.equal(r.code, 1);
  t.match(r.stderr, /kafka\.key: community_id needs the community_id column/);
});

t.test('kafka: an unreachable broker fails the run clearly after the bounded wait', async (t) => {
  const dir = workDir(t);
  const cfg = path.join(dir, 'kafka.yaml');
  writeFileSync(cfg, [
    'kafka:',
    '  brokers: [127.0.0.1:1]',
    '  delivery_timeout_ms: 2000',
    '  connection_timeout_ms: 500',
  ].join('\n'));
  const r = await runWirelog(['-r', capture, '-C', '--config', cfg, '-d', dir], { timeoutMs: 60_000 });
  t.equal(r.code, 1, 'exits non-zero');
  t.match(r.stderr, /wirelog: .*(Kafka|kafka|broker)/, 'says the Kafka output failed');
});

const broker = await acquireBroker();
if (broker === undefined) {
  t.test('kafka: records through Kafka come back identical', { skip: NO_BROKER_MESSAGE }, () => {});
} else {
  t.teardown(() => broker.dispose());
  for (const format of ['json', 'avro'] as const) {
    t.test(`kafka: ${format} records through Kafka come back as the same conn.log`, async (t) => {
      const dir = workDir(t);
      const topic = `wirelog-cli-${format}-${randomUUID().slice(0, 8)}`;
      const cfg = path.join(dir, 'kafka.yaml');
      writeFileSync(cfg, [
        'kafka:',
        `  brokers: [${broker.brokers.join(', ')}]`,
        `  topic: ${topic}`,
        `  format: ${format}`,
        '  delivery_timeout_ms: 30000',
      ].join('\n'));
      const direct = path.join(dir, 'direct');
      const produced = await runWirelog(['-r', capture, '-C', '--config', cfg, '-d', direct],
        { timeoutMs: 120_000 });
      t.equal(produced.code, 0, produced.stderr);

      const back = path.join(dir, 'back');
      const consumed = await runWirelog(['consume', '--config', cfg, '-d', back, '--idle', '3',
        '--group', `g-${topic}`], { timeoutMs: 120_000 });
      t.equal(consumed.code, 0, consumed.stderr);
      t.equal(withoutStamps(path.join(back, 'conn.log')),
        withoutStamps(path.join(direct, 'conn.log')), 'conn.log identical');
    });
  }
}

/**
 * Kafka part of `npm run bench`: conn.log records of a real capture sent to a broker in JSON
 * and in Avro, as records per second until every record is acknowledged. Uses the broker in
 * WIRELOG_KAFKA_BROKERS, else starts the test broker (test/kafka/broker/broker.sh) for the run.
 *
 * Usage: node dist/scripts/bench-kafka.js CONN_LOG_RECORDS_FROM.pcap [records]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CONN_LOG } from '../src/analyzers/conn/conn-log.js';
import type { LogRecord } from '../src/logging/log-stream.js';
import { benchKafka, type KafkaBenchRecord } from '../src/sinks/kafka/kafka-bench.js';
import { REPO_ROOT } from './conformance-runner.js';

const DEFAULT_RECORDS = 50_000;

/** conn.log records of the capture, read back from a JSON run of wirelog. */
function connRecords(capture: string, limit: number): KafkaBenchRecord[] {
  const out = mkdtempSync(join(tmpdir(), 'wirelog-bench-kafka-'));
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'wirelog.js'), '-b', '-r', capture,
      '--json', '-d', out, 'base/protocols/conn']);
    const lines = readFileSync(join(out, 'conn.log'), 'utf8').split('\n').filter((l) => l !== '');
    const records: KafkaBenchRecord[] = [];
    for (let k = 0; records.length < limit && lines.length > 0; k++) {
      records.push({ spec: CONN_LOG, record: JSON.parse(lines[k % lines.length]) as LogRecord });
    }
    return records;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A broker of the bench's own, with its state in a private folder. */
const brokerState = mkdtempSync(join(tmpdir(), 'wirelog-bench-broker-'));

function brokerScript(command: string): string {
  const env = { ...process.env, WIRELOG_KAFKA_STATE: brokerState };
  return execFileSync('bash', [join(REPO_ROOT, 'test', 'kafka', 'broker', 'broker.sh'), command],
    { encoding: 'utf8', timeout: 300_000, env }).trim();
}

async function main(): Promise<void> {
  const [capture, count] = process.argv.slice(2);
  const records = connRecords(capture, Number(count ?? DEFAULT_RECORDS));
  const ownBroker = process.env.WIRELOG_KAFKA_BROKERS === undefined;
  const brokers = ownBroker ? [brokerScript('start')] : undefined;
  try {
    for (const format of ['json', 'avro'] as const) {
      const rate = await benchKafka(records, format, { brokers });
      console.log(`bench kafka format=${format} records=${records.length} ` +
        `records_per_s=${Math.round(rate)}`);
    }
  } finally {
    if (ownBroker) brokerScript('clean');
    rmSync(brokerState, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.log(`bench kafka status=unmeasured reason=${JSON.stringify(String(err))}`);
});

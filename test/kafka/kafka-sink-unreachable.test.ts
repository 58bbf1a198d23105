import { createServer } from 'node:net';

import t from 'tap';

import { parseKafkaConfig } from '../../src/sinks/kafka/kafka-config.js';
import type { KafkaLogger } from '../../src/sinks/kafka/kafka-log.js';
import { KafkaDeliveryError, KafkaSink } from '../../src/sinks/kafka/kafka-sink.js';
import { demoRecords, demoStream } from './demo-stream.js';

/** A loopback port with nothing listening: taken from the OS, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function capturingLogger() {
  const lines: { level: string; message: string; fields: object }[] = [];
  const logger: KafkaLogger = {
    warn: (fields, message) => lines.push({ level: 'warn', message, fields }),
    error: (fields, message) => lines.push({ level: 'error', message, fields }),
  };
  return { logger, lines };
}

const DELIVERY_TIMEOUT_MS = 2000;
/** Slack for timers and the producer's disconnect on a loaded machine. */
const SLACK_MS = 3000;

t.test('kafka sink: an unreachable broker fails close() with a clear error in time', async (t) => {
  const port = await deadPort();
  const { logger, lines } = capturingLogger();
  const config = parseKafkaConfig({
    brokers: [`127.0.0.1:${port}`],
    delivery_timeout_ms: DELIVERY_TIMEOUT_MS,
    connection_timeout_ms: 500,
    retry: { initial_ms: 100, max_ms: 400 },
  });
  const sink = new KafkaSink(config, { logger });
  for (const record of demoRecords(5)) sink.write(demoStream, record);

  const started = Date.now();
  const error = await sink.close().then(() => undefined, (e: unknown) => e);
  const elapsed = Date.now() - started;

  t.type(error, KafkaDeliveryError);
  t.match((error as Error).message, new RegExp(`127\\.0\\.0\\.1:${port}`));
  const limit = /5 records not acknowledged.*2000 ms \(kafka\.delivery_timeout_ms\)/;
  t.match((error as Error).message, limit);
  t.ok(elapsed < DELIVERY_TIMEOUT_MS + SLACK_MS, `rejected after ${elapsed} ms`);
  const { sent, acknowledged, failed } = sink.counters();
  t.same({ sent, acknowledged, failed }, { sent: 5, acknowledged: 0, failed: 5 });
  t.ok(sink.counters().retried >= 5, 'the batch was retried before giving up');
  t.ok(lines.some((l) => l.level === 'error' && l.message === 'delivery timed out'));
});

t.test('kafka sink: after a delivery failure drain() rejects and writes fail', async (t) => {
  const port = await deadPort();
  const { logger } = capturingLogger();
  const config = parseKafkaConfig({
    brokers: [`127.0.0.1:${port}`],
    delivery_timeout_ms: 1000,
    connection_timeout_ms: 300,
    max_pending_records: 3,
    linger_ms: 0,
  });
  const sink = new KafkaSink(config, { logger });
  const records = demoRecords(4);
  const accepted = records.map((r) => sink.write(demoStream, r));
  t.same(accepted, [true, true, false, false], 'write asks for back-pressure at the bound');

  await t.rejects(sink.drain(), KafkaDeliveryError);
  t.equal(sink.write(demoStream, records[0]), false);
  await t.rejects(sink.close(), KafkaDeliveryError);
  t.equal(sink.counters().failed, 5);
});

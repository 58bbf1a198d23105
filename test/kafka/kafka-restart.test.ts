/**
 * The Kafka output across a broker restart: a private broker is stopped while records are
 * being produced and started again; every record must arrive, and none twice.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import t from 'tap';

import { parseKafkaConfig } from '../../src/sinks/kafka/kafka-config.js';
import type { KafkaLogger } from '../../src/sinks/kafka/kafka-log.js';
import { KafkaSink } from '../../src/sinks/kafka/kafka-sink.js';
import { NO_BROKER_MESSAGE, startPrivateBroker } from './broker-fixture.js';
import { demoRecord, demoStream } from './demo-stream.js';
import { readTopic } from './topic-reader.js';

/** Production runs this long before the broker is stopped ... */
const BEFORE_STOP_MS = 1500;
/** ... stays stopped this long ... */
const OUTAGE_MS = 2000;
/** ... and goes on for this many records after it is back. */
const RECORDS_AFTER_RESTART = 500;
/** Pacing: a pause after every this many records, so production spans the outage. */
const RECORDS_PER_PAUSE = 25;
const PAUSE_MS = 10;

const broker = await startPrivateBroker();
if (broker === undefined) {
  t.plan(0, NO_BROKER_MESSAGE);
} else {
  t.teardown(() => broker.dispose());

  t.test('kafka sink: broker restarted mid-run, records consumed == produced', async (t) => {
    const topic = `wirelog-test-restart-${randomUUID().slice(0, 8)}`;
    const warnings: string[] = [];
    const logger: KafkaLogger = {
      warn: (_fields, message) => warnings.push(message),
      error: (_fields, message) => warnings.push(message),
    };
    const config = parseKafkaConfig({
      brokers: broker.brokers, topic, batch_bytes: 16 * 1024, linger_ms: 5,
      max_pending_records: 400, delivery_timeout_ms: 60_000,
      retry: { initial_ms: 100, max_ms: 1000 },
    });
    const sink = new KafkaSink(config, { logger });

    let restarted = false;
    const outage = (async () => {
      await sleep(BEFORE_STOP_MS);
      await broker.stop();
      await sleep(OUTAGE_MS);
      await broker.start();
      restarted = true;
    })();

    let produced = 0;
    let afterRestart = 0;
    while (!restarted || afterRestart < RECORDS_AFTER_RESTART) {
      if (restarted) afterRestart++;
      if (!sink.write(demoStream, demoRecord(produced++, 'R'))) await sink.drain();
      if (produced % RECORDS_PER_PAUSE === 0) await sleep(PAUSE_MS);
    }
    await outage;
    await sink.close();

    const counters = sink.counters();
    t.equal(counters.acknowledged, produced, `all ${produced} records acknowledged`);
    t.equal(counters.failed, 0);
    t.ok(counters.retried > 0, `${counters.retried} records were resent during the outage`);

    const messages = await readTopic(broker.brokers, topic, produced, 120_000);
    const uids = new Set(messages.map((m) => String(m.key)));
    t.equal(messages.length, produced, 'consumed == produced');
    t.equal(uids.size, produced, 'no record twice');
  });
}

/**
 * The Kafka output and `consume` against a real broker (see broker-fixture.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import avro from 'avsc';
import t from 'tap';

import type { LogRecord, LogStreamSpec } from '../../src/logging/log-stream.js';
import { renderJsonRecord } from '../../src/sinks/json-format.js';
import { avroSchemaFor, schemaFingerprint } from '../../src/sinks/kafka/avro-schema.js';
import { parseKafkaConfig } from '../../src/sinks/kafka/kafka-config.js';
import { consumeToLogs } from '../../src/sinks/kafka/kafka-consumer.js';
import { KAFKA_HEADERS } from '../../src/sinks/kafka/kafka-headers.js';
import type { KafkaLogger } from '../../src/sinks/kafka/kafka-log.js';
import { KafkaSink } from '../../src/sinks/kafka/kafka-sink.js';
import { LogFileSink } from '../../src/sinks/log-file-sink.js';
import { acquireBroker, NO_BROKER_MESSAGE } from './broker-fixture.js';
import { demoRecords, demoStream } from './demo-stream.js';
import { createTopic, header, readTopic, type ReadMessage } from './topic-reader.js';

const RECORDS = 400;
/** Consume runs stop after this long without records. */
const IDLE_MS = 2000;

const quiet: KafkaLogger = { warn: () => undefined, error: () => undefined };

const broker = await acquireBroker();
if (broker === undefined) {
  t.plan(0, NO_BROKER_MESSAGE);
} else {
  t.teardown(() => broker.dispose());
  defineTests(broker.brokers);
}


function uniqueTopic(label: string): string {
  return `wirelog-test-${label}-${randomUUID().slice(0, 8)}`;
}

async function produce(
  brokers: string[],
  options: Record<string, unknown>,
  records: readonly LogRecord[],
  spec: LogStreamSpec = demoStream,
): Promise<KafkaSink> {
  const config = parseKafkaConfig({ brokers, linger_ms: 5, ...options });
  const sink = new KafkaSink(config, { logger: quiet });
  sink.openStream(spec);
  for (const record of records) {
    if (!sink.write(spec, record)) await sink.drain();
  }
  await sink.close();
  return sink;
}

function uids(messages: readonly ReadMessage[]): string[] {
  return messages.map((m) => String(m.key)).sort();
}

function defineTests(brokers: string[]): void {
  t.test('kafka sink: every JSON record arrives once, with the JSON writer\'s bytes', async (t) => {
    const topic = uniqueTopic('json');
    const records = demoRecords(RECORDS);
    const sink = await produce(brokers, { topic, sensor: 'sensor-7' }, records);
    t.same(sink.counters(), { sent: RECORDS, acknowledged: RECORDS, retried: 0, failed: 0 });

    const messages = await readTopic(brokers, topic, RECORDS);
    t.equal(messages.length, RECORDS, 'exactly as many messages as records');
    t.same(uids(messages), records.map((r) => r.uid as string).sort(), 'each uid once');

    const expected = new Map(records.map((r) => [r.uid as string, r]));
    const fingerprint = schemaFingerprint(avroSchemaFor(demoStream));
    const wantHeaders = { path: 'demo', sensor: 'sensor-7', format: 'json', schema: fingerprint };
    const badPayloads: string[] = [];
    const badHeaders: string[] = [];
    for (const message of messages) {
      const record = expected.get(String(message.key))!;
      const bytes = Buffer.from(renderJsonRecord(demoStream, record), 'latin1');
      if (!bytes.equals(message.value!)) badPayloads.push(record.uid as string);
      if (!sameHeaders(message, wantHeaders)) badHeaders.push(record.uid as string);
    }
    t.same(badPayloads, [], 'every payload has the JSON writer\'s bytes');
    t.same(badHeaders, [], 'every message has path, sensor, format and schema headers');
  });

  t.test('kafka sink: Avro records arrive once and decode with the published schema', async (t) => {
    const topic = uniqueTopic('avro');
    const schemaTopic = uniqueTopic('schemas');
    const records = demoRecords(RECORDS);
    await produce(brokers, { topic, schema_topic: schemaTopic, format: 'avro' }, records);

    const [published] = await readTopic(brokers, schemaTopic, 1);
    const schema = JSON.parse(published.value!.toString('utf8'));
    t.equal(String(published.key), schemaFingerprint(avroSchemaFor(demoStream)));
    const type = avro.Type.forSchema(schema, { registry: { long: bigLong() } });

    const messages = await readTopic(brokers, topic, RECORDS);
    t.equal(messages.length, RECORDS);
    t.same(uids(messages), records.map((r) => r.uid as string).sort());
    const expected = new Map(records.map((r) => [r.uid as string, r]));
    const wrong: string[] = [];
    for (const message of messages) {
      const decoded = type.fromBuffer(message.value!) as Record<string, unknown>;
      const record = expected.get(String(message.key))!;
      const same = decoded.uid === record.uid && decoded.id_orig_h === record['id.orig_h'] &&
        decoded.ts === record.ts && header(message.headers, KAFKA_HEADERS.format) === 'avro';
      if (!same) wrong.push(record.uid as string);
    }
    t.same(wrong, [], 'every message decodes to its record');
  });

  t.test('kafka sink: key follows the key option', async (t) => {
    const records = demoRecords(5);
    const byCommunity = uniqueTopic('key-cid');
    await produce(brokers, { topic: byCommunity, key: 'community_id' }, records);
    const keyed = await readTopic(brokers, byCommunity, 5);
    t.same(keyed.map((m) => String(m.key)).sort(), records.map((r) => r.community_id).sort());

    const unkeyed = uniqueTopic('key-none');
    await produce(brokers, { topic: unkeyed, key: 'none', headers: false }, records);
    const plain = await readTopic(brokers, unkeyed, 5);
    t.equal(plain.length, 5);
    t.ok(plain.every((m) => m.key === null), 'no key');
    t.ok(plain.every((m) => Object.keys(m.headers).length === 0), 'no headers when off');
  });

  t.test('kafka sink: back-pressure above maxPendingRecords, all records arrive', async (t) => {
    const topic = uniqueTopic('pressure');
    const sink = new KafkaSink(
      parseKafkaConfig({ brokers, topic, max_pending_records: 20, batch_bytes: 2048 }),
      { logger: quiet },
    );
    let refusals = 0;
    for (const record of demoRecords(RECORDS)) {
      if (sink.write(demoStream, record)) continue;
      refusals++;
      await sink.drain();
    }
    await sink.close();
    t.ok(refusals > 0, `write asked to wait ${refusals} times`);
    t.equal(sink.counters().acknowledged, RECORDS);
    t.equal((await readTopic(brokers, topic, RECORDS)).length, RECORDS);
  });

  for (const format of ['json', 'avro'] as const) {
    t.test(`consume: ${format} records become logs identical to the TSV writer's`, async (t) => {
      const topic = uniqueTopic(`consume-${format}`);
      await createTopic(brokers, topic, 1);
      const records = demoRecords(RECORDS);
      await produce(brokers, { topic, format, schema_topic: null }, records);

      const direct = mkdtempSync(join(tmpdir(), 'wirelog-direct-'));
      const local = new LogFileSink({ dir: direct, format: 'tsv' });
      for (const record of records) local.write(demoStream, record);
      await local.close();

      const out = mkdtempSync(join(tmpdir(), 'wirelog-consumed-'));
      const summary = await consumeToLogs({
        brokers,
        topics: [topic],
        groupId: `wirelog-test-${randomUUID()}`,
        specs: new Map([[demoStream.path, demoStream]]),
        outDir: out,
        format: 'tsv',
        idleTimeoutMs: IDLE_MS,
        logger: quiet,
      });
      t.equal(summary.records, RECORDS);
      t.same(summary.skipped, {});
      t.equal(withoutStamps(join(out, 'demo.log')), withoutStamps(join(direct, 'demo.log')));
    });
  }

  t.test('consume: a second run of the same group finds nothing new', async (t) => {
    const topic = uniqueTopic('commit');
    await produce(brokers, { topic }, demoRecords(10));
    const options = {
      brokers, topics: [topic], groupId: `wirelog-test-${randomUUID()}`,
      specs: new Map([[demoStream.path, demoStream]]), format: 'json' as const,
      idleTimeoutMs: IDLE_MS, logger: quiet,
    };
    const first = await consumeToLogs({ ...options, outDir: mkdtempSync(join(tmpdir(), 'wl-')) });
    const second = await consumeToLogs({ ...options, outDir: mkdtempSync(join(tmpdir(), 'wl-')) });
    t.equal(first.records, 10);
    t.equal(second.records, 0, 'offsets were committed');
  });

  t.test('consume: messages of unknown streams are counted, not written', async (t) => {
    const topic = uniqueTopic('unknown');
    const other: LogStreamSpec = { ...demoStream, path: 'other' };
    await produce(brokers, { topic: `${topic}` }, demoRecords(3), other);
    const summary = await consumeToLogs({
      brokers, topics: [topic], groupId: `wirelog-test-${randomUUID()}`,
      specs: new Map([[demoStream.path, demoStream]]), outDir: mkdtempSync(join(tmpdir(), 'wl-')),
      format: 'tsv', idleTimeoutMs: IDLE_MS, logger: quiet,
    });
    t.equal(summary.records, 0);
    t.same(summary.skipped, { unknown_path: 3 });
  });
}

type HeaderName = keyof typeof KAFKA_HEADERS;

function sameHeaders(message: ReadMessage, want: Record<HeaderName, string>): boolean {
  return Object.entries(want).every(
    ([name, value]) => header(message.headers, KAFKA_HEADERS[name as HeaderName]) === value,
  );
}

/** A log file without its `#open` and `#close` lines, which hold wall-clock times. */
function withoutStamps(file: string): string {
  return readFileSync(file, 'latin1')
    .split('\n')
    .filter((line) => !line.startsWith('#open') && !line.startsWith('#close'))
    .join('\n');
}

/** A reader-side 64-bit long, independent of the writer's codec. */
function bigLong() {
  return avro.types.LongType.__with({
    fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
    toBuffer: (n: bigint) => {
      const buf = Buffer.alloc(8);
      buf.writeBigInt64LE(n);
      return buf;
    },
    fromJSON: BigInt,
    toJSON: Number,
    isValid: (n: unknown) => typeof n === 'bigint',
    compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
  });
}

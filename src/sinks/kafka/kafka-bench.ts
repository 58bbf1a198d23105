/**
 * Throughput of the Kafka output against a running broker: records per second from the first
 * write until `close()` has every record acknowledged, honouring back-pressure as the
 * pipeline does. The bench script calls it; it needs a broker (option or
 * `WIRELOG_KAFKA_BROKERS`).
 */
import type { LogRecord, LogStreamSpec } from '../../logging/log-stream.js';
import { parseKafkaConfig, type KafkaPayloadFormat } from './kafka-config.js';
import { KafkaSink } from './kafka-sink.js';

export interface KafkaBenchRecord {
  readonly spec: LogStreamSpec;
  readonly record: LogRecord;
}

export interface KafkaBenchOptions {
  /** Brokers to use; default from WIRELOG_KAFKA_BROKERS (comma-separated). */
  readonly brokers?: readonly string[];
  /** Further Kafka options (compression, batchBytes ...), as in the configuration file. */
  readonly kafka?: Record<string, unknown>;
}

const MS_PER_SECOND = 1000;

/** Sends `records` once and returns the records per second achieved. */
export async function benchKafka(
  records: readonly KafkaBenchRecord[],
  format: KafkaPayloadFormat,
  options: KafkaBenchOptions = {},
): Promise<number> {
  const brokers = options.brokers ?? process.env.WIRELOG_KAFKA_BROKERS;
  if (brokers === undefined) throw new Error('benchKafka: no brokers (set WIRELOG_KAFKA_BROKERS)');

  const run = `${Date.now().toString(36)}`;
  const config = parseKafkaConfig({
    topic: `wirelog-bench-${run}.{path}`,
    schema_topic: `wirelog-bench-${run}.schemas`,
    ...options.kafka,
    brokers,
    format,
  });
  const sink = new KafkaSink(config);
  const started = performance.now();
  for (const { spec, record } of records) {
    if (!sink.write(spec, record)) await sink.drain();
  }
  await sink.close();
  return (records.length * MS_PER_SECOND) / (performance.now() - started);
}

/**
 * The core of `wirelog consume`: reads topics written by the Kafka output as a consumer group
 * and writes the records to Zeek TSV or JSON log files through the log file sink, exactly as
 * the sensor would have written them locally.
 *
 * It stops when no record has arrived for `idleTimeoutMs`, or when `signal` aborts. Offsets
 * are committed only after the log files are closed, so a crash repeats records on the next
 * run rather than losing them. Each run writes the records it consumed into fresh files.
 * Within one partition records keep their order; records of one log spread over several
 * partitions are written in arrival order.
 */
import type { Consumer, EachBatchPayload } from 'kafkajs';

import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { JsonFormatOptions, JsonTimestampFormat } from '../json-format.js';
import { LogFileSink, type LogFileFormat } from '../log-file-sink.js';
import { createKafkaClient, type KafkaConnection } from './kafka-client.js';
import { KAFKA_DEFAULTS } from './kafka-config.js';
import { createKafkaLogger, type KafkaLogger } from './kafka-log.js';
import { PayloadDecoder, type SkipReason } from './payload-decoder.js';

export interface KafkaConsumeOptions extends Partial<Omit<KafkaConnection, 'brokers'>> {
  readonly brokers: readonly string[];
  /** Topic names or patterns to read. */
  readonly topics: readonly (string | RegExp)[];
  /** Consumer group; members of one group share the partitions. */
  readonly groupId: string;
  /** Stream declarations by path; records of other paths are skipped and counted. */
  readonly specs: ReadonlyMap<string, LogStreamSpec>;
  readonly outDir: string;
  readonly format: LogFileFormat;
  /** Options of the JSON log files written. */
  readonly json?: JsonFormatOptions;
  /** How the producer wrote `time` in JSON payloads (its `jsonTimestamps` option). */
  readonly payloadTimestamps?: JsonTimestampFormat;
  /** Start from the oldest retained record when the group has no committed offset. */
  readonly fromBeginning?: boolean;
  /** Stop once no record has arrived for this long. */
  readonly idleTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly logger?: KafkaLogger;
  /** Clock for the files' `#open`/`#close` lines. */
  readonly now?: () => Date;
}

export interface KafkaConsumeSummary {
  /** Records written to log files. */
  readonly records: number;
  readonly byPath: Readonly<Record<string, number>>;
  /** Messages not written, by reason. */
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
}

/** Default for `idleTimeoutMs`: long enough to outlast a consumer group rebalance. */
export const DEFAULT_CONSUME_IDLE_MS = 10_000;

/**
 * How long the broker may hold a fetch open when there is no data. Stopping waits for the
 * open fetch to end, so this bounds the delay after the idle timeout; the cost is one small
 * request per interval while idle.
 */
const FETCH_WAIT_MS = 500;

interface ConsumeState {
  stopping: boolean;
  records: number;
  readonly byPath: Record<string, number>;
  readonly skipped: Partial<Record<SkipReason, number>>;
  /** Next offset to commit, by `topic:partition`. */
  readonly offsets: Map<string, { topic: string; partition: number; offset: string }>;
}

/** Consumes until idle or aborted; resolves with what was written. */
export async function consumeToLogs(options: KafkaConsumeOptions): Promise<KafkaConsumeSummary> {
  const logger = options.logger ?? createKafkaLogger();
  const consumer = createKafkaClient(connectionOf(options), logger).consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: FETCH_WAIT_MS,
  });
  const sink = new LogFileSink({
    dir: options.outDir,
    format: options.format,
    json: options.json,
    now: options.now,
  });
  const state: ConsumeState = {
    stopping: false, records: 0, byPath: {}, skipped: {}, offsets: new Map(),
  };
  const decoder = new PayloadDecoder(options.specs, options.payloadTimestamps);
  const write = (payload: EachBatchPayload) => writeBatch(payload, decoder, sink, state, logger);

  try {
    await consumer.connect();
    const fromBeginning = options.fromBeginning ?? true;
    await consumer.subscribe({ topics: [...options.topics], fromBeginning });
    await runUntilIdle(consumer, options, write);
  } finally {
    state.stopping = true;
    await sink.close();
    await commitAndLeave(consumer, state, logger);
  }
  return { records: state.records, byPath: state.byPath, skipped: state.skipped };
}

function connectionOf(options: KafkaConsumeOptions): KafkaConnection {
  return {
    brokers: options.brokers,
    clientId: options.clientId ?? KAFKA_DEFAULTS.clientId,
    ssl: options.ssl,
    sasl: options.sasl,
    connectionTimeoutMs: options.connectionTimeoutMs ?? KAFKA_DEFAULTS.connectionTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? KAFKA_DEFAULTS.requestTimeoutMs,
    retry: options.retry ?? KAFKA_DEFAULTS.retry,
  };
}

/**
 * Runs the consumer until no batch has arrived for the idle timeout (counted from the start,
 * from each group join and from each batch), until the signal aborts, or until the consumer
 * crashes for good (then rejects).
 */
function runUntilIdle(
  consumer: Consumer,
  options: KafkaConsumeOptions,
  write: (payload: EachBatchPayload) => void,
): Promise<void> {
  const idleMs = options.idleTimeoutMs ?? DEFAULT_CONSUME_IDLE_MS;
  return new Promise<void>((resolve, reject) => {
    let timer = setTimeout(resolve, idleMs);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(resolve, idleMs);
    };
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    consumer.on(consumer.events.GROUP_JOIN, touch);
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart) return;
      clearTimeout(timer);
      reject(event.payload.error);
    });
    const eachBatch = async (payload: EachBatchPayload) => {
      touch();
      write(payload);
    };
    consumer.run({ autoCommit: false, eachBatch }).catch(reject);
  });
}

/** Writes one fetched batch; synchronous, so stopping can never cut a batch in half. */
function writeBatch(
  { batch }: EachBatchPayload,
  decoder: PayloadDecoder,
  sink: LogFileSink,
  state: ConsumeState,
  logger: KafkaLogger,
): void {
  if (state.stopping || batch.messages.length === 0) return;

  for (const message of batch.messages) {
    const result = decoder.decode(message.value, message.headers);
    if (result.ok) {
      sink.write(result.spec, result.record);
      state.records++;
      state.byPath[result.spec.path] = (state.byPath[result.spec.path] ?? 0) + 1;
    } else {
      countSkip(state, result.reason, result.path, batch.topic, logger);
    }
  }
  const next = (BigInt(batch.lastOffset()) + 1n).toString();
  const key = `${batch.topic}:${batch.partition}`;
  state.offsets.set(key, { topic: batch.topic, partition: batch.partition, offset: next });
}

/** Counts a skipped message; the first of each reason is logged, later ones only counted. */
function countSkip(
  state: ConsumeState,
  reason: SkipReason,
  path: string | undefined,
  topic: string,
  logger: KafkaLogger,
): void {
  const seen = state.skipped[reason] ?? 0;
  state.skipped[reason] = seen + 1;
  if (seen === 0) logger.warn({ reason, path, topic }, 'message skipped');
}

async function commitAndLeave(consumer: Consumer, state: ConsumeState, logger: KafkaLogger) {
  try {
    if (state.offsets.size > 0) await consumer.commitOffsets([...state.offsets.values()]);
  } catch (error) {
    logger.error({ error: String(error) }, 'offsets not committed; records will be read again');
  }
  await consumer.disconnect();
}

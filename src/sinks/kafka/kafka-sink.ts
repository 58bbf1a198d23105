/**
 * Publishes log records to Kafka, one message per record, through an idempotent kafkajs
 * producer with acks from all in-sync replicas.
 *
 * Records are gathered into batches (by payload bytes, or after `lingerMs`), and batches are
 * sent one at a time, in order. A failed batch is resent unchanged, with backoff, until the
 * broker acknowledges it or `deliveryTimeoutMs` has passed since its first attempt; resending
 * the same messages to the same partitions reuses the producer's sequence numbers, so the
 * broker drops duplicates of a batch it had already written. A batch that times out fails the
 * sink: every record not yet acknowledged is counted as failed, and `drain()` and `close()`
 * reject with a KafkaDeliveryError, so a caller never loses records silently.
 *
 * Memory is bounded by `maxPendingRecords`: above it `write` returns false and `drain()`
 * waits until acknowledgements bring the count back below it.
 */
import {
  CompressionTypes,
  type IHeaders,
  type LogEntry,
  type Message,
  type Producer,
} from 'kafkajs';

import type { LogRecord, LogStreamSpec, LogValue } from '../../logging/log-stream.js';
import { renderJsonRecord } from '../json-format.js';
import type { LogSink } from '../sink.js';
import { valueBytes } from '../utf8-scan.js';
import { AvroRecordCodec } from './avro-codec.js';
import { avroSchemaFor, schemaFingerprint } from './avro-schema.js';
import type { KafkaSinkConfig } from './kafka-config.js';
import { KAFKA_HEADERS } from './kafka-headers.js';
import { createKafkaClient, kafkaRetry } from './kafka-client.js';
import { createKafkaLogger, type KafkaLogger } from './kafka-log.js';
import { keyOrPayloadPartitioner } from './kafka-partitioner.js';
import { TopicRouter } from './topic-router.js';

/** kafkajs's code for acks from all in-sync replicas. */
const ACKS_ALL = -1;

/**
 * kafkajs warns when an idempotent producer's own retries are limited. Here they are limited
 * on purpose: the sink's retry loop resends the identical batch with the same sequence
 * numbers, which keeps the broker's duplicate detection intact.
 */
const LIMITED_RETRIES_WARNING = 'Limiting retries for the idempotent producer';

export interface KafkaSinkCounters {
  /** Records handed to the broker at least once. */
  readonly sent: number;
  /** Records the broker acknowledged. */
  readonly acknowledged: number;
  /** Records sent again after a failed attempt (counted once per resend). */
  readonly retried: number;
  /** Records given up on: not encodable, not acknowledged in time, or written after a failure. */
  readonly failed: number;
}

/** Records could not be delivered; the output has stopped and the caller should exit non-zero. */
export class KafkaDeliveryError extends Error {
  constructor(
    message: string,
    /** Records counted as failed when the error was raised. */
    readonly failedRecords: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KafkaDeliveryError';
  }
}

export interface KafkaSinkOptions {
  /** Where the sink and kafkajs log warnings and errors; stderr JSON by default. */
  readonly logger?: KafkaLogger;
}

/** Per-stream state, built when the stream is opened. */
interface StreamState {
  readonly spec: LogStreamSpec;
  readonly topic: string;
  readonly headers?: IHeaders;
  readonly codec?: AvroRecordCodec;
}

interface Batch {
  readonly byTopic: Map<string, Message[]>;
  /** Log records in the batch (schema messages are not records). */
  records: number;
  bytes: number;
}

interface DrainWaiter {
  resolve(): void;
  reject(error: Error): void;
}

export class KafkaSink implements LogSink {
  private readonly router: TopicRouter;
  private readonly logger: KafkaLogger;
  private readonly producer: Producer;
  /** Opened streams by path; null marks a path that is not sent. */
  private readonly streams = new Map<string, StreamState | null>();
  private current = newBatch();
  private readonly sealed: Batch[] = [];
  private pendingRecords = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private connected = false;
  private closing: Promise<void> | undefined;
  private failure: KafkaDeliveryError | undefined;
  private unencodable = 0;
  private drainWaiters: DrainWaiter[] = [];
  private readonly counts = { sent: 0, acknowledged: 0, retried: 0, failed: 0 };

  constructor(
    private readonly config: KafkaSinkConfig,
    options: KafkaSinkOptions = {},
  ) {
    this.router = new TopicRouter(config);
    this.logger = options.logger ?? createKafkaLogger();
    this.producer = createProducer(config, this.logger);
  }

  openStream(spec: LogStreamSpec): void {
    this.streamFor(spec);
  }

  write(spec: LogStreamSpec, record: LogRecord): boolean {
    if (this.failure !== undefined || this.closing !== undefined) {
      this.counts.failed++;
      return false;
    }
    const stream = this.streamFor(spec);
    if (stream === null) return true;

    const value = this.encode(stream, record);
    if (value === undefined) return this.pendingRecords < this.config.maxPendingRecords;

    const key = this.keyOf(record);
    this.add(stream.topic, { key, value, headers: stream.headers }, 1);
    return this.pendingRecords < this.config.maxPendingRecords;
  }

  drain(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.pendingRecords < this.config.maxPendingRecords) return Promise.resolve();
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  counters(): KafkaSinkCounters {
    return { ...this.counts };
  }

  private streamFor(spec: LogStreamSpec): StreamState | null {
    const known = this.streams.get(spec.path);
    if (known !== undefined) return known;

    const topic = this.router.topicFor(spec.path);
    const stream = topic === undefined ? null : this.createStream(spec, topic);
    this.streams.set(spec.path, stream);
    if (stream?.codec !== undefined) this.publishSchema(stream.codec);
    return stream;
  }

  private createStream(spec: LogStreamSpec, topic: string): StreamState {
    const codec = this.config.format === 'avro' ? new AvroRecordCodec(spec) : undefined;
    if (!this.config.headers) return { spec, topic, codec };

    const fingerprint = codec?.fingerprint ?? schemaFingerprint(avroSchemaFor(spec));
    const headers: IHeaders = {
      [KAFKA_HEADERS.path]: spec.path,
      [KAFKA_HEADERS.sensor]: this.config.sensor,
      [KAFKA_HEADERS.format]: this.config.format,
      [KAFKA_HEADERS.schema]: fingerprint,
    };
    return { spec, topic, headers, codec };
  }

  /** Sends the schema once per stream, keyed by fingerprint, so readers can find it. */
  private publishSchema(codec: AvroRecordCodec): void {
    const topic = this.config.schemaTopic;
    if (topic === null) return;
    const value = Buffer.from(JSON.stringify(codec.schema), 'utf8');
    const headers = { [KAFKA_HEADERS.path]: codec.spec.path };
    this.add(topic, { key: codec.fingerprint, value, headers }, 0);
  }

  /** The payload bytes, or undefined (counted and logged) when the record cannot be encoded. */
  private encode(stream: StreamState, record: LogRecord): Buffer | undefined {
    if (stream.codec === undefined) {
      const options = { timestamps: this.config.jsonTimestamps };
      const text = renderJsonRecord(stream.spec, record, options);
      return Buffer.from(text, 'latin1');
    }
    try {
      return stream.codec.encode(record);
    } catch (error) {
      this.counts.failed++;
      if (this.unencodable++ === 0) {
        this.logger.error({ path: stream.spec.path, error: String(error) }, 'record not encodable');
      }
      return undefined;
    }
  }

  private keyOf(record: LogRecord): Buffer | null {
    if (this.config.key === 'none') return null;
    const value: LogValue = record[this.config.key];
    if (typeof value === 'string' || value instanceof Uint8Array) {
      return Buffer.from(valueBytes(value));
    }
    return value === undefined || value === null ? null : Buffer.from(String(value), 'utf8');
  }

  private add(topic: string, message: Message, records: number): void {
    const batch = this.current;
    let messages = batch.byTopic.get(topic);
    if (messages === undefined) batch.byTopic.set(topic, (messages = []));
    messages.push(message);
    batch.records += records;
    batch.bytes += (message.value as Buffer).length + ((message.key as Buffer | null)?.length ?? 0);
    this.pendingRecords += records;

    if (batch.bytes >= this.config.batchBytes) this.seal();
    else this.lingerTimer ??= setTimeout(() => this.seal(), this.config.lingerMs);
  }

  /** Closes the batch being filled and hands it to the sender. */
  private seal(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    if (this.current.byTopic.size === 0) return;

    this.sealed.push(this.current);
    this.current = newBatch();
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  /** Sends sealed batches in order, one at a time; never rejects. */
  private async pump(): Promise<void> {
    while (this.sealed.length > 0) {
      const batch = this.sealed[0];
      await this.deliver(batch);

      this.sealed.shift();
      this.pendingRecords -= batch.records;
      this.wakeDrainWaiters();
    }
  }

  private async deliver(batch: Batch): Promise<void> {
    if (this.failure !== undefined) {
      this.counts.failed += batch.records;
      return;
    }
    const deadline = Date.now() + this.config.deliveryTimeoutMs;
    this.counts.sent += batch.records;
    let lastError: unknown;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      if (attempt > 0 && !(await this.backoff(attempt, deadline, batch, lastError))) break;
      try {
        await withDeadline(this.sendOnce(batch), deadline);
        this.counts.acknowledged += batch.records;
        return;
      } catch (error) {
        lastError = error;
      }
    }
    this.fail(batch, lastError);
  }

  /** Waits before attempt `attempt`; false if the deadline comes first. */
  private async backoff(attempt: number, deadline: number, batch: Batch, error: unknown) {
    const { initialMs, maxMs, multiplier } = this.config.retry;
    const wait = Math.min(initialMs * multiplier ** (attempt - 1), maxMs);
    if (attempt === 1) {
      const fields = { records: batch.records, error: errorText(error) };
      this.logger.warn(fields, 'batch not delivered, retrying');
    }
    await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
    if (Date.now() >= deadline) return false;

    this.counts.retried += batch.records;
    return true;
  }

  private async sendOnce(batch: Batch): Promise<void> {
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
    const topicMessages = [...batch.byTopic].map(([topic, messages]) => ({ topic, messages }));
    await this.producer.sendBatch({
      topicMessages,
      acks: ACKS_ALL,
      timeout: this.config.requestTimeoutMs,
      compression:
        this.config.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
    });
  }

  private fail(batch: Batch, cause: unknown): void {
    this.counts.failed += batch.records;
    const brokers = this.config.brokers.join(',');
    this.failure = new KafkaDeliveryError(
      `Kafka delivery failed: ${batch.records} records not acknowledged by ${brokers} within ` +
        `${this.config.deliveryTimeoutMs} ms (kafka.delivery_timeout_ms): ${errorText(cause)}`,
      this.counts.failed,
      { cause },
    );
    this.logger.error(
      { brokers, records: batch.records, error: errorText(cause) }, 'delivery timed out',
    );
    for (const waiter of this.drainWaiters.splice(0)) waiter.reject(this.failure);
  }

  private wakeDrainWaiters(): void {
    if (this.pendingRecords >= this.config.maxPendingRecords) return;
    for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
  }

  private async finish(): Promise<void> {
    this.seal();
    while (this.pumping !== undefined) await this.pumping;
    await this.disconnect();

    if (this.failure !== undefined) {
      throw new KafkaDeliveryError(
        `${this.failure.message} (${this.counts.failed} records failed in all)`,
        this.counts.failed,
        { cause: this.failure.cause },
      );
    }
    if (this.unencodable > 0) {
      throw new KafkaDeliveryError(
        `Kafka output: ${this.unencodable} records could not be encoded as Avro (see log)`,
        this.counts.failed,
      );
    }
  }

  /** Disconnects, bounded: a producer stuck on a dead broker must not hold up exit. */
  private async disconnect(): Promise<void> {
    if (!this.connected && this.counts.sent === 0) return;
    const bound = Date.now() + this.config.requestTimeoutMs;
    try {
      await withDeadline(this.producer.disconnect(), bound);
    } catch (error) {
      this.logger.warn({ error: errorText(error) }, 'producer did not disconnect cleanly');
    }
  }
}

function createProducer(config: KafkaSinkConfig, logger: KafkaLogger): Producer {
  const ignore = (e: LogEntry) => e.log.message.startsWith(LIMITED_RETRIES_WARNING);
  return createKafkaClient(config, logger, ignore).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: kafkaRetry(config),
    createPartitioner: keyOrPayloadPartitioner,
  });
}

function newBatch(): Batch {
  return { byTopic: new Map(), records: 0, bytes: 0 };
}

class DeadlineError extends Error {}

/** Settles like `work`, or rejects at `deadline`; a late rejection of `work` is swallowed. */
function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError('no answer before the delivery deadline')),
      Math.max(0, deadline - Date.now()),
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

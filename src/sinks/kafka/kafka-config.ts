/**
 * Options of the Kafka output, as they appear under `kafka:` in the YAML configuration
 * (snake_case keys, as everywhere in the configuration), and their validation. Validation
 * reports the first bad key by its full name (`kafka.brokers[1]`), so a user can find it in
 * the file without reading code.
 *
 * ```yaml
 * kafka:
 *   brokers: [127.0.0.1:9092]      # required, host:port each
 *   client_id: wirelog
 *   topic: wirelog.{path}          # one topic for all logs, or a template with {path}
 *   topics: { weird: noise }       # per-log topic overrides
 *   include: [conn, dns]           # only these logs (default: all)
 *   exclude: [weird]               # never these logs
 *   key: uid                       # uid | community_id | none
 *   format: json                   # json | avro
 *   json_timestamps: epoch         # epoch | millis | iso8601, for JSON payloads
 *   headers: true                  # wirelog.path, .sensor, .format, .schema on each message
 *   sensor: sensor-1               # default: the host name
 *   schema_topic: wirelog.schemas  # where Avro schemas are published (null: not published)
 *   batch_bytes: 524288            # a batch is sent once it holds this many payload bytes
 *   linger_ms: 50                  # ... or once its first record has waited this long
 *   compression: gzip              # none | gzip
 *   retry: { initial_ms: 200, max_ms: 5000, multiplier: 2 }
 *   max_pending_records: 50000     # above this, the pipeline waits for the broker
 *   delivery_timeout_ms: 60000     # a batch not acknowledged by then fails the output
 *   connection_timeout_ms: 3000
 *   request_timeout_ms: 30000
 *   ssl: true                      # or tls.connect options (ca, cert, key, servername ...)
 *   sasl: { mechanism: scram-sha-512, username: u, password: p }
 * ```
 */
import { hostname } from 'node:os';
import type { ConnectionOptions } from 'node:tls';

import type { JsonTimestampFormat } from '../json-format.js';

export type KafkaPayloadFormat = 'json' | 'avro';
export type KafkaKeyField = 'uid' | 'community_id' | 'none';
export type KafkaCompression = 'none' | 'gzip';

/** SASL credentials, handed to kafkajs as they are. */
export interface KafkaSaslOptions {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

export interface KafkaRetryOptions {
  /** Wait before the first resend of a failed batch. */
  readonly initialMs: number;
  /** Longest wait between two attempts. */
  readonly maxMs: number;
  /** Each wait is the previous one times this. */
  readonly multiplier: number;
}

/** Validated options, every default filled in. */
export interface KafkaSinkConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Topic name, or a template in which `{path}` becomes the log's path. */
  readonly topic: string;
  /** Topic per log path, overriding `topic`. */
  readonly topics: Readonly<Record<string, string>>;
  /** Log paths to send; undefined sends all that are not excluded. */
  readonly include?: readonly string[];
  readonly exclude: readonly string[];
  /** Record field used as the message key; `none` spreads records by payload hash. */
  readonly key: KafkaKeyField;
  readonly format: KafkaPayloadFormat;
  /** How JSON payloads write `time` values (as the JSON file writer's option). */
  readonly jsonTimestamps: JsonTimestampFormat;
  /** Whether messages carry the wirelog.* headers. */
  readonly headers: boolean;
  /** Sensor name sent in the `wirelog.sensor` header. */
  readonly sensor: string;
  /** Topic that receives each Avro schema once, keyed by fingerprint; null disables. */
  readonly schemaTopic: string | null;
  readonly batchBytes: number;
  readonly lingerMs: number;
  readonly compression: KafkaCompression;
  readonly retry: KafkaRetryOptions;
  readonly maxPendingRecords: number;
  readonly deliveryTimeoutMs: number;
  /** How long to wait for a TCP connection to a broker. */
  readonly connectionTimeoutMs: number;
  /** How long to wait for a broker's answer to one request. */
  readonly requestTimeoutMs: number;
  readonly ssl?: boolean | ConnectionOptions;
  readonly sasl?: KafkaSaslOptions;
}

/** Defaults, each with what it protects or trades. */
export const KAFKA_DEFAULTS = {
  clientId: 'wirelog',
  topic: 'wirelog.{path}',
  key: 'uid',
  format: 'json',
  jsonTimestamps: 'epoch',
  headers: true,
  schemaTopic: 'wirelog.schemas',
  /** Stays well under the broker's default 1 MiB `message.max.bytes` per record batch. */
  batchBytes: 512 * 1024,
  /** Latency a record may gain so that small batches become fewer requests. */
  lingerMs: 50,
  compression: 'gzip',
  retry: { initialMs: 200, maxMs: 5000, multiplier: 2 },
  /** Bounds memory while a broker is slow or away: ~50k records of a few hundred bytes. */
  maxPendingRecords: 50_000,
  /** How long delivery may stall before the output fails instead of waiting forever. */
  deliveryTimeoutMs: 60_000,
  connectionTimeoutMs: 3000,
  requestTimeoutMs: 30_000,
} as const satisfies Partial<KafkaSinkConfig>;

/** A configuration value that cannot be used; `key` names it as written in the file. */
export class KafkaConfigError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`${key}: ${problem}`);
    this.name = 'KafkaConfigError';
  }
}

const KNOWN_KEYS = new Set([
  'brokers', 'client_id', 'topic', 'topics', 'include', 'exclude', 'key', 'format',
  'json_timestamps', 'headers', 'sensor', 'schema_topic', 'batch_bytes', 'linger_ms',
  'compression', 'retry', 'max_pending_records', 'delivery_timeout_ms', 'connection_timeout_ms',
  'request_timeout_ms', 'ssl', 'sasl',
]);

const RETRY_KEYS = new Set(['initial_ms', 'max_ms', 'multiplier']);

/** Kafka's own limit on topic names: these characters, at most 249 of them. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * Validates raw options (parsed YAML or a plain object) and fills in defaults.
 * Throws a KafkaConfigError naming the first bad key.
 */
export function parseKafkaConfig(input: unknown, prefix = 'kafka'): KafkaSinkConfig {
  const raw = asObject(input, prefix);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) throw new KafkaConfigError(`${prefix}.${key}`, 'unknown option');
  }
  const at = (key: string) => `${prefix}.${key}`;

  const topic = optionalString(raw.topic, at('topic')) ?? KAFKA_DEFAULTS.topic;
  checkTopic(topic.replaceAll('{path}', 'conn'), at('topic'));
  return {
    brokers: parseBrokers(raw.brokers, at('brokers')),
    clientId: optionalString(raw.client_id, at('client_id')) ?? KAFKA_DEFAULTS.clientId,
    topic,
    topics: parseTopicMap(raw.topics, at('topics')),
    include: optionalStringList(raw.include, at('include')),
    exclude: optionalStringList(raw.exclude, at('exclude')) ?? [],
    key: oneOf(raw.key, at('key'), ['uid', 'community_id', 'none'], KAFKA_DEFAULTS.key),
    format: oneOf(raw.format, at('format'), ['json', 'avro'], KAFKA_DEFAULTS.format),
    jsonTimestamps: oneOf(
      raw.json_timestamps, at('json_timestamps'), ['epoch', 'millis', 'iso8601'],
      KAFKA_DEFAULTS.jsonTimestamps,
    ),
    headers: optionalBoolean(raw.headers, at('headers')) ?? KAFKA_DEFAULTS.headers,
    sensor: optionalString(raw.sensor, at('sensor')) ?? hostname(),
    schemaTopic: parseSchemaTopic(raw.schema_topic, at('schema_topic')),
    batchBytes: positiveInt(raw.batch_bytes, at('batch_bytes'), KAFKA_DEFAULTS.batchBytes),
    lingerMs: nonNegativeInt(raw.linger_ms, at('linger_ms'), KAFKA_DEFAULTS.lingerMs),
    compression: oneOf(
      raw.compression, at('compression'), ['none', 'gzip'], KAFKA_DEFAULTS.compression,
    ),
    retry: parseRetry(raw.retry, at('retry')),
    ...parseLimits(raw, at),
    ssl: parseSsl(raw.ssl, at('ssl')),
    sasl: parseSasl(raw.sasl, at('sasl')),
  };
}

function parseLimits(raw: Record<string, unknown>, at: (key: string) => string) {
  return {
    maxPendingRecords: positiveInt(
      raw.max_pending_records, at('max_pending_records'), KAFKA_DEFAULTS.maxPendingRecords,
    ),
    deliveryTimeoutMs: positiveInt(
      raw.delivery_timeout_ms, at('delivery_timeout_ms'), KAFKA_DEFAULTS.deliveryTimeoutMs,
    ),
    connectionTimeoutMs: positiveInt(
      raw.connection_timeout_ms, at('connection_timeout_ms'), KAFKA_DEFAULTS.connectionTimeoutMs,
    ),
    requestTimeoutMs: positiveInt(
      raw.request_timeout_ms, at('request_timeout_ms'), KAFKA_DEFAULTS.requestTimeoutMs,
    ),
  };
}

/** `brokers` takes a list or one comma-separated string, as command lines give it. */
export function parseBrokers(value: unknown, key: string): string[] {
  if (value === undefined || value === null) throw new KafkaConfigError(key, 'is required');
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new KafkaConfigError(key, 'expected a non-empty list of host:port');
  }
  list.forEach((broker, i) => checkBroker(broker, `${key}[${i}]`));
  return list as string[];
}

function checkBroker(broker: unknown, key: string): void {
  const match = typeof broker === 'string' ? HOST_PORT.exec(broker) : null;
  const port = match === null ? 0 : Number(match[2]);
  if (port < 1 || port > 65535) {
    throw new KafkaConfigError(key, `expected host:port, got ${JSON.stringify(broker)}`);
  }
}

function parseTopicMap(value: unknown, key: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const map = asObject(value, key);
  for (const [path, topic] of Object.entries(map)) {
    if (typeof topic !== 'string') {
      throw new KafkaConfigError(`${key}.${path}`, 'expected a topic name');
    }
    checkTopic(topic, `${key}.${path}`);
  }
  return map as Record<string, string>;
}

function parseSchemaTopic(value: unknown, key: string): string | null {
  if (value === null) return null;
  const topic = optionalString(value, key) ?? KAFKA_DEFAULTS.schemaTopic;
  checkTopic(topic, key);
  return topic;
}

export function checkTopic(topic: string, key: string): void {
  if (!TOPIC_NAME.test(topic)) {
    throw new KafkaConfigError(
      key, `${JSON.stringify(topic)} is not a valid topic name (letters, digits, . _ -)`,
    );
  }
}

function parseRetry(value: unknown, key: string): KafkaRetryOptions {
  const d = KAFKA_DEFAULTS.retry;
  if (value === undefined || value === null) return d;
  const raw = asObject(value, key);
  for (const k of Object.keys(raw)) {
    if (!RETRY_KEYS.has(k)) throw new KafkaConfigError(`${key}.${k}`, 'unknown option');
  }
  const multiplier = raw.multiplier ?? d.multiplier;
  if (typeof multiplier !== 'number' || !(multiplier >= 1)) {
    throw new KafkaConfigError(`${key}.multiplier`, 'expected a number >= 1');
  }
  return {
    initialMs: positiveInt(raw.initial_ms, `${key}.initial_ms`, d.initialMs),
    maxMs: positiveInt(raw.max_ms, `${key}.max_ms`, d.maxMs),
    multiplier,
  };
}

function parseSsl(value: unknown, key: string): boolean | ConnectionOptions | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') {
    return value ?? undefined;
  }
  return asObject(value, key) as ConnectionOptions;
}

function parseSasl(value: unknown, key: string): KafkaSaslOptions | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = asObject(value, key);
  const mechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
  const mechanism = oneOf(raw.mechanism, `${key}.mechanism`, mechanisms, undefined);
  if (mechanism === undefined) throw new KafkaConfigError(`${key}.mechanism`, 'is required');
  const username = optionalString(raw.username, `${key}.username`);
  const password = optionalString(raw.password, `${key}.password`);
  if (username === undefined) throw new KafkaConfigError(`${key}.username`, 'is required');
  if (password === undefined) throw new KafkaConfigError(`${key}.password`, 'is required');
  return { mechanism, username, password };
}

function asObject(value: unknown, key: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KafkaConfigError(key, 'expected a mapping of options');
  }
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new KafkaConfigError(key, 'expected a non-empty string');
  }
  return value;
}

function optionalBoolean(value: unknown, key: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new KafkaConfigError(key, 'expected true or false');
  return value;
}

function optionalStringList(value: unknown, key: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new KafkaConfigError(key, 'expected a list of log paths');
  value.forEach((item, i) => optionalString(item, `${key}[${i}]`));
  return value as string[];
}

function oneOf<T extends string, D extends T | undefined>(
  value: unknown,
  key: string,
  allowed: readonly T[],
  fallback: D,
): T | D {
  if (value === undefined || value === null) return fallback;
  if (!allowed.includes(value as T)) {
    throw new KafkaConfigError(
      key, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

function positiveInt(value: unknown, key: string, fallback: number): number {
  const n = nonNegativeInt(value, key, fallback);
  if (n === 0) throw new KafkaConfigError(key, 'expected a whole number > 0');
  return n;
}

function nonNegativeInt(value: unknown, key: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new KafkaConfigError(key, `expected a whole number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

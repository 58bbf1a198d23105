/**
 * The kafkajs client shared by the Kafka output and `wirelog consume`: brokers, TLS, SASL and
 * timeouts from the validated options, kafkajs's log routed to the quiet structured logger.
 */
import { Kafka, type LogEntry, type SASLOptions } from 'kafkajs';

import type { KafkaSinkConfig } from './kafka-config.js';
import { kafkaLogCreator, type KafkaLogger } from './kafka-log.js';

/** The options that say how to reach and authenticate to the cluster. */
export type KafkaConnection = Pick<
  KafkaSinkConfig,
  'brokers' | 'clientId' | 'ssl' | 'sasl' | 'connectionTimeoutMs' | 'requestTimeoutMs' | 'retry'
>;

/** kafkajs's own retries per request; the callers add bounded retry loops of their own. */
const CLIENT_RETRIES = 1;

/**
 * kafkajs logs every error response of a broker as an error, even the ones it then retries
 * (a topic being auto-created answers "does not host this topic-partition" at first). The
 * outcome reaches the caller as an exception, which the sink and consumer report themselves.
 */
function isErrorResponse(entry: LogEntry): boolean {
  return entry.namespace === 'Connection' && entry.log.message.startsWith('Response ');
}

export function createKafkaClient(
  connection: KafkaConnection,
  logger: KafkaLogger,
  ignore: (entry: LogEntry) => boolean = () => false,
): Kafka {
  return new Kafka({
    brokers: [...connection.brokers],
    clientId: connection.clientId,
    ssl: connection.ssl,
    sasl: connection.sasl as SASLOptions | undefined,
    connectionTimeout: connection.connectionTimeoutMs,
    requestTimeout: connection.requestTimeoutMs,
    retry: kafkaRetry(connection),
    logCreator: kafkaLogCreator(logger, (entry) => isErrorResponse(entry) || ignore(entry)),
  });
}

/** kafkajs retry options from ours. */
export function kafkaRetry(connection: KafkaConnection, retries = CLIENT_RETRIES) {
  return {
    retries,
    initialRetryTime: connection.retry.initialMs,
    maxRetryTime: connection.retry.maxMs,
    multiplier: connection.retry.multiplier,
  };
}

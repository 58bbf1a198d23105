/**
 * The Kafka output's own log: structured JSON lines on stderr, warnings and errors only, with
 * `component: "kafka"` on every line. kafkajs's internal log is routed into it, so a broker
 * outage shows up as a few machine-readable lines instead of kafkajs's default console output.
 */
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { pino } from 'pino';

/** The part of a pino logger the Kafka code uses; tests pass their own. */
export interface KafkaLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const STDERR = 2;

/** A logger for the Kafka output: stderr, JSON, level `warn`. */
export function createKafkaLogger(): KafkaLogger {
  return pino(
    { level: 'warn', base: { component: 'kafka' } },
    pino.destination({ dest: STDERR, sync: true }),
  );
}

/**
 * A kafkajs `logCreator` that forwards warnings and errors to `logger`, keeping kafkajs's
 * context fields (broker, clientId, retryCount ...) as fields. `ignore` drops entries the
 * caller knows to be harmless in its setup.
 */
export function kafkaLogCreator(
  logger: KafkaLogger,
  ignore: (entry: LogEntry) => boolean = () => false,
): logCreator {
  return () => (entry) => {
    if (entry.level > logLevel.WARN || ignore(entry)) return;

    const { message, timestamp: _timestamp, ...context } = entry.log;
    const fields = { namespace: entry.namespace, ...context };
    if (entry.level === logLevel.ERROR) logger.error(fields, message);
    else logger.warn(fields, message);
  };
}

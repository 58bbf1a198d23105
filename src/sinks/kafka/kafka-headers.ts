/**
 * Kafka message headers written by the Kafka output and read by `wirelog consume`. They let a
 * reader route and decode a message without parsing its payload.
 */
export const KAFKA_HEADERS = {
  /** The log stream's path (`conn`). */
  path: 'wirelog.path',
  /** The sensor that wrote the record (option `sensor`, default the host name). */
  sensor: 'wirelog.sensor',
  /** Payload encoding: `json` or `avro`. */
  format: 'wirelog.format',
  /** SHA-256 fingerprint (hex) of the stream's Avro schema, in both formats. */
  schema: 'wirelog.schema',
} as const;

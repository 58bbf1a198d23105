/**
 * Turns a Kafka message written by the Kafka output back into a log record: the
 * `wirelog.path` header names the stream, `wirelog.format` says how the payload is encoded,
 * and for Avro the `wirelog.schema` fingerprint must match the schema derived from the
 * reader's own stream declaration (a mismatch means the writer ran another version of the
 * stream, whose bytes this reader cannot interpret).
 *
 * A message that cannot be read is never an exception: `decode` returns the reason, and the
 * caller counts and reports it.
 */
import type { IHeaders } from 'kafkajs';

import type { LogRecord, LogStreamSpec } from '../../logging/log-stream.js';
import type { JsonTimestampFormat } from '../json-format.js';
import { AvroRecordCodec } from './avro-codec.js';
import { parseJsonRecord } from './json-record-reader.js';
import { KAFKA_HEADERS } from './kafka-headers.js';

/** Why a message was not read. */
export type SkipReason =
  | 'no_path_header'
  | 'unknown_path'
  | 'unknown_format'
  | 'schema_mismatch'
  | 'malformed_payload';

export type DecodeResult =
  | { readonly ok: true; readonly spec: LogStreamSpec; readonly record: LogRecord }
  | { readonly ok: false; readonly reason: SkipReason; readonly path?: string };

export class PayloadDecoder {
  private readonly codecs = new Map<string, AvroRecordCodec>();

  constructor(
    private readonly specs: ReadonlyMap<string, LogStreamSpec>,
    /** How the producer wrote `time` values in JSON payloads. */
    private readonly jsonTimestamps: JsonTimestampFormat = 'epoch',
  ) {}

  decode(value: Buffer | null, headers: IHeaders | undefined): DecodeResult {
    const path = headerText(headers, KAFKA_HEADERS.path);
    if (path === undefined) return { ok: false, reason: 'no_path_header' };
    const spec = this.specs.get(path);
    if (spec === undefined) return { ok: false, reason: 'unknown_path', path };

    const format = headerText(headers, KAFKA_HEADERS.format) ?? 'json';
    if (format !== 'json' && format !== 'avro') {
      return { ok: false, reason: 'unknown_format', path };
    }
    if (value === null) return { ok: false, reason: 'malformed_payload', path };
    if (format === 'avro' && !this.schemaMatches(spec, headers)) {
      return { ok: false, reason: 'schema_mismatch', path };
    }
    try {
      const record = format === 'avro'
        ? this.codecFor(spec).decode(value)
        : parseJsonRecord(spec, value, this.jsonTimestamps);
      return { ok: true, spec, record };
    } catch {
      return { ok: false, reason: 'malformed_payload', path };
    }
  }

  private schemaMatches(spec: LogStreamSpec, headers: IHeaders | undefined): boolean {
    const fingerprint = headerText(headers, KAFKA_HEADERS.schema);
    return fingerprint === undefined || fingerprint === this.codecFor(spec).fingerprint;
  }

  private codecFor(spec: LogStreamSpec): AvroRecordCodec {
    let codec = this.codecs.get(spec.path);
    if (codec === undefined) this.codecs.set(spec.path, (codec = new AvroRecordCodec(spec)));
    return codec;
  }
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * Avro binary encoding of log records with a stream's schema (see avro-schema.ts), and the
 * way back. The encoder is built once per stream: per field it picks a converter up front, so
 * encoding a record is one pass over the fields with no per-record lookups of types.
 */
import avro from 'avsc';

import {
  elementType,
  type LogRecord,
  type LogScalar,
  type LogStreamSpec,
  type LogValue,
  type ZeekScalarType,
  type ZeekType,
} from '../../logging/log-stream.js';
import { avroSchemaFor, schemaFingerprint, type AvroRecordSchema } from './avro-schema.js';

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const LONG_BYTES = 8;

/**
 * Avro `long` holding all 64 bits: a value within ±2^53 reads back as a number, a larger one as
 * a bigint. avsc's own long type refuses anything beyond a double's exact range.
 */
const exactLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => {
    const n = buf.readBigInt64LE();
    return n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n;
  },
  toBuffer: (n: number | bigint) => {
    const buf = Buffer.allocUnsafe(LONG_BYTES);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (n: number) => n,
  toJSON: (n: number | bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' || Number.isSafeInteger(n),
  compare: (a: number | bigint, b: number | bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** Strict UTF-8: a BOM is data, not a marker to drop. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A record field that Avro cannot carry, such as an unset value in a mandatory field. */
export class AvroEncodeError extends Error {
  constructor(
    readonly path: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${path}.${field}: ${problem}`);
    this.name = 'AvroEncodeError';
  }
}

type Encoder = (value: LogValue) => unknown;
type Decoder = (value: unknown) => LogValue;

interface FieldCodec extends Converters {
  readonly zeekName: string;
  readonly avroName: string;
  readonly optional: boolean;
}

/** How one Zeek type maps to its Avro value and back. */
interface Converters {
  readonly encode: Encoder;
  readonly decode: Decoder;
  /** Avro branch name of the encoded value when it sits in a union. */
  readonly branch: string;
  /** Whether `encode` already returns a wrapped union value (Zeek strings do). */
  readonly wrapped: boolean;
}

/** Encodes and decodes one stream's records. Unions are wrapped (`{string: "x"}`) inside. */
export class AvroRecordCodec {
  readonly schema: AvroRecordSchema;
  readonly fingerprint: string;
  private readonly type: avro.Type;
  private readonly fields: readonly FieldCodec[];

  constructor(readonly spec: LogStreamSpec) {
    this.schema = avroSchemaFor(spec);
    this.fingerprint = schemaFingerprint(this.schema);
    this.type = avro.Type.forSchema(this.schema as unknown as avro.Schema, {
      registry: { long: exactLong },
      wrapUnions: 'always',
    });
    this.fields = spec.fields.map((field, i) => ({
      zeekName: field.name,
      avroName: this.schema.fields[i].name,
      optional: field.optional === true,
      ...fieldConverters(field.type),
    }));
  }

  /** Avro binary of one record; throws AvroEncodeError if a mandatory field is unset. */
  encode(record: LogRecord): Buffer {
    const out: Record<string, unknown> = {};
    for (const field of this.fields) {
      const value = record[field.zeekName];
      if (value === undefined || value === null) {
        if (!field.optional) throw new AvroEncodeError(this.spec.path, field.zeekName, 'unset');
        out[field.avroName] = null;
        continue;
      }
      out[field.avroName] = field.optional ? wrap(field, value) : field.encode(value);
    }
    return this.type.toBuffer(out);
  }

  /** The record held in an Avro binary written with this stream's schema. */
  decode(payload: Buffer): LogRecord {
    const decoded = this.type.fromBuffer(payload) as Record<string, unknown>;
    const record: Record<string, LogValue> = {};
    for (const field of this.fields) {
      const value = decoded[field.avroName];
      if (value === null || value === undefined) continue;
      record[field.zeekName] = field.decode(field.optional ? unwrap(field, value) : value);
    }
    return record;
  }
}

/**
 * A value in a `null | T` union is wrapped in T's branch. A Zeek string's value is already a
 * wrapped `string | bytes` branch, and Avro flattens `null | string | bytes` into one union,
 * so it stays as it is.
 */
function wrap(converters: Converters, value: LogValue): unknown {
  const encoded = converters.encode(value);
  return converters.wrapped ? encoded : { [converters.branch]: encoded };
}

function unwrap(converters: Converters, value: unknown): unknown {
  return converters.wrapped ? value : branchValue(value);
}

function branchValue(value: unknown): unknown {
  for (const key in value as object) return (value as Record<string, unknown>)[key];
  return value;
}

function fieldConverters(type: ZeekType): Converters {
  const element = elementType(type);
  if (element === undefined) return scalarConverters(type as ZeekScalarType);

  const item = scalarConverters(element);
  const encode: Encoder = (value) =>
    (value as readonly (LogScalar | null)[]).map((v) => (v === null ? null : wrap(item, v)));
  const decode: Decoder = (value) =>
    (value as unknown[]).map((v) => (v === null ? null : decodeItem(item, v)));
  return { encode, decode, branch: 'array', wrapped: false };
}

function decodeItem(item: Converters, value: unknown): LogScalar {
  return item.decode(unwrap(item, value)) as LogScalar;
}

function scalarConverters(type: ZeekScalarType): Converters {
  switch (type) {
    case 'time':
    case 'interval':
    case 'double':
      return plain((v) => Number(v), 'double');
    case 'count':
      return { encode: encodeCount, decode: decodeCount, branch: 'long', wrapped: false };
    case 'port':
    case 'int':
      return plain((v) => v as number | bigint, 'long');
    case 'bool':
      return plain((v) => v === true, 'boolean');
    case 'string':
      return { encode: encodeString, decode: branchValue as Decoder, branch: '', wrapped: true };
    default:
      return plain((v) => String(v), 'string');
  }
}

/** Converters for a type whose Avro value is the log value itself, as JS holds it. */
function plain(encode: Encoder, branch: string): Converters {
  return { encode, decode: (v) => v as LogValue, branch, wrapped: false };
}

/** Counts are unsigned 64-bit; Avro longs are signed, so the top half wraps to negatives. */
function encodeCount(value: LogValue): number | bigint {
  if (typeof value === 'bigint') return BigInt.asIntN(64, value);
  return value as number;
}

function decodeCount(value: unknown): LogValue {
  if (typeof value === 'bigint') return value < 0n ? BigInt.asUintN(64, value) : value;
  const n = value as number;
  return n < 0 ? BigInt.asUintN(64, BigInt(n)) : n;
}

/** A Zeek string travels as Avro `string` when it is valid UTF-8, else as `bytes`. */
function encodeString(value: LogValue): { string: string } | { bytes: Buffer } {
  if (typeof value === 'string') return { string: value };

  const bytes = value as Uint8Array;
  try {
    return { string: utf8.decode(bytes) };
  } catch {
    return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
}

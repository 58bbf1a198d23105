/**
 * The Avro schema of a log stream: one record schema per stream, derived from its declaration
 * so the Kafka payload, the TSV header and the JSON keys can never disagree.
 *
 * Type mapping (Zeek -> Avro):
 * - time, interval, double -> double (time: seconds since the epoch; interval: seconds)
 * - count, port, int -> long (a count above 2^63-1 is stored as its two's complement and read
 *   back as unsigned, so all 64 bits survive)
 * - bool -> boolean
 * - addr, subnet, enum -> string (their text form, as in the TSV log)
 * - string -> union of string and bytes: valid UTF-8 travels as `string`, anything else (raw
 *   bytes seen on the wire) as `bytes`, so every value survives byte for byte while readers
 *   that only know strings see readable text in the common case
 * - set[T], vector[T] -> array whose items are T or null (Zeek containers may hold unset items)
 * - an optional field -> union of null and the above, default null
 *
 * Avro names allow only letters, digits and `_`, so `id.orig_h` becomes `id_orig_h`; the
 * original name is kept in the field's `aliases` and in a `zeek_name` attribute, and the Zeek
 * type in `zeek_type`. Readers that ignore unknown attributes lose nothing.
 */
import { createHash } from 'node:crypto';

import {
  elementType,
  type FieldSpec,
  type LogStreamSpec,
  type ZeekScalarType,
  type ZeekType,
} from '../../logging/log-stream.js';

/** Namespace of every log record schema. */
export const AVRO_NAMESPACE = 'wirelog.log';

export type AvroPrimitive = 'null' | 'boolean' | 'long' | 'double' | 'string' | 'bytes';
export interface AvroArray {
  readonly type: 'array';
  readonly items: AvroPrimitive | readonly AvroPrimitive[];
}
export type AvroFieldType = AvroPrimitive | AvroArray | readonly (AvroPrimitive | AvroArray)[];

export interface AvroField {
  readonly name: string;
  readonly type: AvroFieldType;
  readonly doc: string;
  readonly default?: null;
  readonly aliases?: readonly string[];
  readonly zeek_name: string;
  readonly zeek_type: ZeekType;
}

export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly doc: string;
  readonly fields: readonly AvroField[];
}

/** The Avro record schema for one log stream. */
export function avroSchemaFor(spec: LogStreamSpec): AvroRecordSchema {
  const used = new Set<string>();
  return {
    type: 'record',
    name: avroName(spec.path),
    namespace: AVRO_NAMESPACE,
    doc: spec.doc,
    fields: spec.fields.map((field) => avroField(field, uniqueName(avroName(field.name), used))),
  };
}

function avroField(field: FieldSpec, name: string): AvroField {
  const type = avroTypeFor(field.type);
  const renamed = name !== field.name;
  return {
    name,
    type: field.optional ? nullable(type) : type,
    doc: field.doc,
    ...(field.optional ? { default: null } : {}),
    ...(renamed ? { aliases: [field.name] } : {}),
    zeek_name: field.name,
    zeek_type: field.type,
  };
}

/** The Avro type of a (non-optional) value of the given Zeek type. */
export function avroTypeFor(type: ZeekType): AvroFieldType {
  const element = elementType(type);
  if (element === undefined) return scalarType(type as ZeekScalarType);

  const item = scalarType(element);
  return { type: 'array', items: ['null', ...(typeof item === 'string' ? [item] : item)] };
}

function scalarType(type: ZeekScalarType): AvroPrimitive | readonly AvroPrimitive[] {
  switch (type) {
    case 'time':
    case 'interval':
    case 'double':
      return 'double';
    case 'count':
    case 'port':
    case 'int':
      return 'long';
    case 'bool':
      return 'boolean';
    case 'string':
      return ['string', 'bytes'];
    default:
      return 'string';
  }
}

function nullable(type: AvroFieldType): AvroFieldType {
  return Array.isArray(type) ? ['null', ...type] : ['null', type as AvroPrimitive | AvroArray];
}

/** Replaces characters Avro names do not allow with `_`; a leading digit gains a `_`. */
export function avroName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(clean) || clean === '' ? `_${clean}` : clean;
}

/** Two Zeek names can clean to one Avro name (`a.b`, `a_b`); later ones get `_2`, `_3` ... */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}_${n}`;
  used.add(candidate);
  return candidate;
}

/**
 * SHA-256 (hex) of the schema's Parsing Canonical Form, as Avro defines it: names fully
 * qualified, docs, aliases, defaults and custom attributes dropped. Two streams share a
 * fingerprint exactly when their binary encodings are interchangeable.
 */
export function schemaFingerprint(schema: AvroRecordSchema): string {
  return createHash('sha256').update(canonicalForm(schema)).digest('hex');
}

/** Parsing Canonical Form of a log record schema (only the shapes this module produces). */
export function canonicalForm(schema: AvroRecordSchema): string {
  const fields = schema.fields.map(
    (f) => `{"name":${JSON.stringify(f.name)},"type":${canonicalType(f.type)}}`,
  );
  const fullName = `${schema.namespace}.${schema.name}`;
  return `{"name":${JSON.stringify(fullName)},"type":"record","fields":[${fields.join(',')}]}`;
}

function canonicalType(type: AvroFieldType | AvroArray['items']): string {
  if (typeof type === 'string') return JSON.stringify(type);
  if (Array.isArray(type)) return `[${type.map(canonicalType).join(',')}]`;
  return `{"type":"array","items":${canonicalType((type as AvroArray).items)}}`;
}

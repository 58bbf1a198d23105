/**
 * Log stream declarations. A stream is declared once, with its Zeek-typed fields in column
 * order; that one declaration drives the TSV header and rendering, the JSON rendering, the Avro
 * schema for Kafka and the field documentation.
 */

/** Zeek's scalar type names, as written in the `#types` header line. */
export type ZeekScalarType =
  | 'time'
  | 'interval'
  | 'string'
  | 'addr'
  | 'subnet'
  | 'port'
  | 'count'
  | 'int'
  | 'double'
  | 'bool'
  | 'enum';

export type ZeekType = ZeekScalarType | `set[${ZeekScalarType}]` | `vector[${ZeekScalarType}]`;

export interface FieldSpec {
  /** Column name as Zeek writes it, nested records flattened with `.` (`id.orig_h`). */
  readonly name: string;
  readonly type: ZeekType;
  /** An optional field may be unset: `-` in TSV, omitted in JSON, null in Avro. */
  readonly optional?: boolean;
  /** For users: what the field holds, its unit, and when it is empty. */
  readonly doc: string;
}

export interface LogStreamSpec {
  /** File stem and `#path` value: `conn` writes `conn.log`. */
  readonly path: string;
  readonly doc: string;
  readonly fields: readonly FieldSpec[];
}

/**
 * A scalar log value. `time` and `interval` are seconds as a double (as Zeek holds them);
 * `addr` and `subnet` are their text form; `port`, `count` and `int` are numbers (bigint where
 * a count may exceed 2^53); `enum` is the enum's name. A `string` field takes a JS string
 * (written as UTF-8) or the raw bytes seen on the wire (a Uint8Array), which the writers escape
 * exactly as Zeek escapes bytes that are not valid, printable UTF-8.
 */
export type LogScalar = string | number | bigint | boolean | Uint8Array;

/** A field's value: unset (`undefined` or `null`), a scalar, or a container of scalars. */
export type LogValue = LogScalar | readonly (LogScalar | null)[] | null | undefined;

/** One log record, keyed by column name. Unknown keys are ignored by the writers. */
export type LogRecord = Readonly<Record<string, LogValue>>;

/** The element type of a container type, or undefined for a scalar type. */
export function elementType(type: ZeekType): ZeekScalarType | undefined {
  const open = type.indexOf('[');
  return open < 0 ? undefined : (type.slice(open + 1, -1) as ZeekScalarType);
}

/** Returns a copy of `spec` with `extra` fields appended after Zeek's own columns. */
export function extendStream(spec: LogStreamSpec, extra: readonly FieldSpec[]): LogStreamSpec {
  return { ...spec, fields: [...spec.fields, ...extra] };
}

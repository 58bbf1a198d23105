/**
 * Reads a record back from a JSON payload written by the JSON renderer (json-format.ts), using
 * the stream's declaration to restore each field's type.
 *
 * Zeek's JSON escaping is not fully reversible, and the reader makes these choices:
 * - A string holding `\xNN`, where NN is a byte the writer would have escaped (a control
 *   byte, DEL or a byte >= 0x80), is read as that raw byte. A string whose original text
 *   contained such a sequence literally reads back as the byte instead. The Avro format keeps
 *   bytes exactly and has no such case.
 * - Non-finite doubles are written as `null` and read back unset.
 * - `millis` timestamps keep millisecond precision only.
 * - A count above 2^53 is read from the payload's digits, exactly; inside a vector it is not.
 */
import {
  elementType,
  type LogRecord,
  type LogScalar,
  type LogStreamSpec,
  type LogValue,
  type ZeekScalarType,
} from '../../logging/log-stream.js';
import type { JsonTimestampFormat } from '../json-format.js';

const MILLIS_PER_SECOND = 1000;
const ISO_MICROS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;
const HEX_BYTE = /^[0-9a-f]{2}$/;

/** Parses one JSON payload; throws SyntaxError when it is not a JSON object. */
export function parseJsonRecord(
  spec: LogStreamSpec,
  payload: Buffer,
  timestamps: JsonTimestampFormat = 'epoch',
): LogRecord {
  const text = payload.toString('utf8');
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SyntaxError('payload is not a JSON object');
  }
  const object = parsed as Record<string, unknown>;
  const record: Record<string, LogValue> = {};
  for (const field of spec.fields) {
    const value = object[field.name];
    if (value === undefined || value === null) continue;

    const element = elementType(field.type);
    record[field.name] = element === undefined
      ? readScalar(field.type as ZeekScalarType, value, timestamps)
      : (value as unknown[]).map((v) => (v === null ? null : readScalar(element, v, timestamps)));
    if (isInexactInteger(field.type, record[field.name])) {
      record[field.name] = exactInteger(text, field.name) ?? record[field.name];
    }
  }
  return record;
}

function readScalar(type: ZeekScalarType, value: unknown, timestamps: JsonTimestampFormat) {
  switch (type) {
    case 'time':
      return readTime(value, timestamps);
    case 'string':
      return unescapeBytes(String(value));
    case 'bool':
      return value === true;
    case 'interval':
    case 'double':
    case 'count':
    case 'int':
    case 'port':
      return Number(value);
    default:
      return String(value);
  }
}

function readTime(value: unknown, timestamps: JsonTimestampFormat): number {
  if (typeof value === 'number') {
    return timestamps === 'millis' ? value / MILLIS_PER_SECOND : value;
  }
  const match = ISO_MICROS.exec(String(value));
  if (match === null) return Number.NaN;
  const whole = Date.parse(`${match[1]}Z`) / MILLIS_PER_SECOND;
  const fraction = match[2] === undefined ? 0 : Number(`0.${match[2]}`);
  return whole + fraction;
}

/** A string with writer escapes becomes raw bytes; any other string stays as it is. */
export function unescapeBytes(s: string): LogScalar {
  if (!s.includes('\\x')) return s;

  const out: number[] = [];
  let escapes = 0;
  for (let i = 0; i < s.length; i++) {
    const byte = escapedByteAt(s, i);
    if (byte !== undefined) {
      out.push(byte);
      escapes++;
      i += 3;
      continue;
    }
    const code = s.codePointAt(i)!;
    if (code > 0xffff) i++;
    out.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
  }
  return escapes === 0 ? s : Uint8Array.from(out);
}

/** The byte of a `\xNN` escape at `i`, if the writer would have written that byte so. */
function escapedByteAt(s: string, i: number): number | undefined {
  if (s.charCodeAt(i) !== 0x5c || s.charCodeAt(i + 1) !== 0x78) return undefined;
  const hex = s.slice(i + 2, i + 4);
  if (!HEX_BYTE.test(hex)) return undefined;
  const byte = parseInt(hex, 16);
  return byte < 0x20 || byte >= 0x7f ? byte : undefined;
}

function isInexactInteger(type: string, value: LogValue): boolean {
  const integral = type === 'count' || type === 'int';
  return integral && typeof value === 'number' && !Number.isSafeInteger(value);
}

/** The digits of a top-level integer field, read from the payload text itself. */
function exactInteger(text: string, name: string): bigint | undefined {
  const key = JSON.stringify(name);
  const at = text.indexOf(`${key}:`);
  if (at < 0) return undefined;
  const match = /^-?\d+/.exec(text.slice(at + key.length + 1));
  return match === null ? undefined : BigInt(match[0]);
}

/**
 * Rendering of log records as Zeek's JSON writer does (one object per line, keys in column
 * order, unset fields omitted). Output is a byte string, as in tsv-format.ts.
 */
import {
  elementType,
  type LogScalar,
  type LogStreamSpec,
  type LogValue,
  type ZeekScalarType,
} from '../logging/log-stream.js';
import { hasBadByte, hexEscape, isPrintableAscii, valueBytes } from './utf8-scan.js';

/** How `time` values are written (Zeek's `LogAscii::json_timestamps`). */
export type JsonTimestampFormat = 'epoch' | 'millis' | 'iso8601';

export interface JsonFormatOptions {
  readonly timestamps?: JsonTimestampFormat;
  /** Write unset optional fields as `null` instead of omitting them. */
  readonly includeUnset?: boolean;
}

/** A JS string that needs no JSON escaping at all. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Renders one record as a JSON object, without the line end. */
export function renderJsonRecord(
  spec: LogStreamSpec,
  record: Readonly<Record<string, LogValue>>,
  options: JsonFormatOptions = {},
): string {
  let out = '{';
  let first = true;
  for (const field of spec.fields) {
    const value = record[field.name];
    const unset = value === undefined || value === null;
    if (unset && !options.includeUnset) continue;

    out += (first ? '"' : ',"') + field.name + '":';
    first = false;
    if (unset) {
      out += 'null';
      continue;
    }
    const element = elementType(field.type);
    out += element === undefined
      ? renderJsonScalar(field.type as ZeekScalarType, value as LogScalar, options)
      : renderJsonArray(element, value as readonly (LogScalar | null)[], options);
  }
  return out + '}';
}

function renderJsonArray(
  type: ZeekScalarType,
  items: readonly (LogScalar | null)[],
  options: JsonFormatOptions,
): string {
  let out = '[';
  for (let k = 0; k < items.length; k++) {
    if (k > 0) out += ',';
    const item = items[k];
    out += item === null ? 'null' : renderJsonScalar(type, item, options);
  }
  return out + ']';
}

function renderJsonScalar(type: ZeekScalarType, value: LogScalar, options: JsonFormatOptions) {
  switch (type) {
    case 'time':
      return renderTime(value as number, options.timestamps ?? 'epoch');
    case 'interval':
    case 'double':
      return formatJsonDouble(value as number);
    case 'bool':
      return value ? 'true' : 'false';
    case 'count':
    case 'int':
    case 'port':
      return String(value);
    case 'string':
      return renderJsonString(value as string | Uint8Array);
    default:
      return renderJsonString(String(value));
  }
}

function renderTime(t: number, format: JsonTimestampFormat): string {
  if (format === 'millis') return String(Math.trunc(t * 1000));
  if (format === 'iso8601') return `"${formatIso8601(t)}"`;
  return formatJsonDouble(t);
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC. */
export function formatIso8601(t: number): string {
  const whole = Math.floor(t);
  const micros = Math.round((t - whole) * 1e6);
  const iso = new Date(whole * 1000).toISOString().slice(0, 19);
  return `${iso}.${String(Math.min(micros, 999999)).padStart(6, '0')}Z`;
}

/**
 * Doubles as the JSON encoder Zeek uses writes them: shortest round-trip digits, integral
 * values with a `.0`, non-finite values as `null`.
 */
export function formatJsonDouble(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  const s = String(x);
  if (/[.e]/.test(s)) return s.replace('e+', 'e');
  return s + '.0';
}

/** Escapes a string value as Zeek's JSON writer does, with its hex policy for bad bytes. */
export function renderJsonString(value: string | Uint8Array): string {
  if (typeof value === 'string' && PLAIN.test(value)) return '"' + value + '"';

  const bytes = valueBytes(value);
  const bad = hasBadByte(bytes, 0, bytes.length, isJsonNamedControl);
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (isJsonNamedControl(b)) out += JSON_NAMED[b];
    else if (isPrintableAscii(b) || (!bad && b >= 0x80)) out += String.fromCharCode(b);
    else out += '\\' + hexEscape(b);
  }
  return out + '"';
}

const JSON_NAMED: Record<number, string> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
};

function isJsonNamedControl(b: number): boolean {
  return b === 0x08 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d;
}

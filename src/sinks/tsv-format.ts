/**
 * Rendering of log values and headers in Zeek's TSV format. Rendered text is a "byte string":
 * each char code is one output byte (0-255), so raw bytes survive exactly; the writer encodes
 * it with `latin1`.
 */
import {
  elementType,
  type LogScalar,
  type LogStreamSpec,
  type LogValue,
  type ZeekScalarType,
  type ZeekType,
} from '../logging/log-stream.js';
import { hasBadByte, hexEscape, isPrintableAscii, valueBytes } from './utf8-scan.js';

export const TSV_SEPARATOR = '\t';
export const TSV_SET_SEPARATOR = ',';
export const TSV_EMPTY_FIELD = '(empty)';
export const TSV_UNSET_FIELD = '-';

/** A JS string needing no escaping in a TSV field: printable ASCII, no backslash. */
const PLAIN_FIELD = /^[\x20-\x5b\x5d-\x7e]*$/;
/** The same inside a container, where the set separator must be escaped too. */
const PLAIN_ELEMENT = /^[\x20-\x2b\x2d-\x5b\x5d-\x7e]*$/;

/** Renders one record as a TSV line, without the line end. */
export function renderTsvRecord(spec: LogStreamSpec, record: Readonly<Record<string, LogValue>>) {
  let line = '';
  const fields = spec.fields;
  for (let f = 0; f < fields.length; f++) {
    if (f > 0) line += TSV_SEPARATOR;
    line += renderTsvValue(fields[f].type, record[fields[f].name]);
  }
  return line;
}

/** Renders one field value. */
export function renderTsvValue(type: ZeekType, value: LogValue): string {
  if (value === undefined || value === null) return TSV_UNSET_FIELD;

  const element = elementType(type);
  if (element === undefined) return renderScalar(type as ZeekScalarType, value as LogScalar, false);

  const items = value as readonly (LogScalar | null)[];
  if (items.length === 0) return TSV_EMPTY_FIELD;
  let out = '';
  for (let k = 0; k < items.length; k++) {
    if (k > 0) out += TSV_SET_SEPARATOR;
    const item = items[k];
    out += item === null ? TSV_UNSET_FIELD : renderScalar(element, item, true);
  }
  return out;
}

function renderScalar(type: ZeekScalarType, value: LogScalar, inContainer: boolean): string {
  switch (type) {
    case 'time':
    case 'interval':
      return formatFixed6(value as number);
    case 'double':
      return formatDouble(value as number);
    case 'bool':
      return value ? 'T' : 'F';
    case 'count':
    case 'int':
    case 'port':
      return String(value);
    case 'string':
      return renderString(value as string | Uint8Array, inContainer);
    default:
      return String(value);
  }
}

/** `time` and `interval`: fixed notation with exactly six decimals. */
export function formatFixed6(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const s = x.toFixed(6);
  return s === '-0.000000' ? '0.000000' : s;
}

/** `double`: up to six decimals, trailing zeros stripped but at least one (`1.0`). */
export function formatDouble(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  let s = x.toFixed(6);
  let end = s.length;
  while (s.charCodeAt(end - 1) === 0x30 && s.charCodeAt(end - 2) !== 0x2e) end--;
  s = s.slice(0, end);
  return s === '-0.0' ? '0.0' : s;
}

/** Escapes a string value as Zeek's ASCII writer does. */
export function renderString(value: string | Uint8Array, inContainer: boolean): string {
  if (typeof value === 'string' && (inContainer ? PLAIN_ELEMENT : PLAIN_FIELD).test(value)) {
    return escapeReserved(value);
  }
  const bytes = valueBytes(value);
  if (bytes.length === 0) return TSV_EMPTY_FIELD;

  let out = '';
  let chunkStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : -1;
    const isEscapePoint = b === 0x09 || b === 0x5c || (inContainer && b === 0x2c);
    if (!isEscapePoint && b !== -1) continue;
    out += escapeChunk(bytes, chunkStart, i);
    if (b === 0x5c) out += '\\\\';
    else if (b !== -1) out += hexEscape(b);
    chunkStart = i + 1;
  }
  return escapeReserved(out);
}

/** Text between escape points: kept as is unless it holds a bad byte. */
function escapeChunk(bytes: Uint8Array, start: number, end: number): string {
  const bad = hasBadByte(bytes, start, end);
  let out = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    out += bad && !isPrintableAscii(b) ? hexEscape(b) : String.fromCharCode(b);
  }
  return out;
}

/** A whole value equal to the unset or empty marker gets its first byte escaped. */
function escapeReserved(s: string): string {
  if (s === '') return TSV_EMPTY_FIELD;
  if (s === TSV_UNSET_FIELD) return '\\x2d';
  if (s === TSV_EMPTY_FIELD) return '\\x28empty)';
  return s;
}

/** The header lines written when a log file is opened, each ending in a newline. */
export function renderTsvHeader(spec: LogStreamSpec, openedAt: Date): string {
  const names = spec.fields.map((f) => f.name).join(TSV_SEPARATOR);
  const types = spec.fields.map((f) => f.type).join(TSV_SEPARATOR);
  return (
    '#separator \\x09\n' +
    `#set_separator${TSV_SEPARATOR}${TSV_SET_SEPARATOR}\n` +
    `#empty_field${TSV_SEPARATOR}${TSV_EMPTY_FIELD}\n` +
    `#unset_field${TSV_SEPARATOR}${TSV_UNSET_FIELD}\n` +
    `#path${TSV_SEPARATOR}${spec.path}\n` +
    `#open${TSV_SEPARATOR}${formatLocalStamp(openedAt)}\n` +
    `#fields${TSV_SEPARATOR}${names}\n` +
    `#types${TSV_SEPARATOR}${types}\n`
  );
}

/** The footer line written when a log file is closed. */
export function renderTsvFooter(closedAt: Date): string {
  return `#close${TSV_SEPARATOR}${formatLocalStamp(closedAt)}\n`;
}

/** Wall-clock stamp in local time, `%Y-%m-%d-%H-%M-%S`, as Zeek writes `#open`/`#close`. */
export function formatLocalStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-` +
    `${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`
  );
}

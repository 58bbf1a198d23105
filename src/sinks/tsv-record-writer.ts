/**
 * Writes log records as Zeek TSV lines straight into an `OutputBuffer`. The bytes are exactly
 * those of `renderTsvRecord` plus a newline; the common values (times, counts, flags, plain
 * strings and addresses) are written without building a string, and every other value goes
 * through `renderTsvValue`, which stays the definition of the format.
 */
import type { LogRecord, LogStreamSpec, LogValue, ZeekType } from '../logging/log-stream.js';
import type { OutputBuffer } from './output-buffer.js';
import { renderTsvValue } from './tsv-format.js';

/** How a field's values are written, decided once per stream declaration. */
const enum FieldKind {
  /** `time`, `interval`: six decimals. */
  Fixed6,
  /** `count`, `int`, `port`: decimal integers. */
  Integer,
  Bool,
  /** `string`: escaped unless plain printable ASCII. */
  String,
  /** `addr`, `subnet`, `enum`: their text as it is. */
  Verbatim,
  /** Containers and `double`: always through `renderTsvValue`. */
  Rendered,
}

interface FieldPlan {
  readonly name: string;
  readonly type: ZeekType;
  readonly kind: FieldKind;
}

const TAB = 0x09;
const NEWLINE = 0x0a;
const UNSET = 0x2d;
const TRUE = 0x54;
const FALSE = 0x46;
const BACKSLASH = 0x5c;
const PRINTABLE_FIRST = 0x20;
const PRINTABLE_LAST = 0x7e;
/** Longest of the values that must be escaped although plain: `-` and `(empty)`. */
const RESERVED_MAX_LENGTH = 7;

/** Plans by declaration: a stream whose spec is replaced gets a plan of its own. */
const plans = new WeakMap<LogStreamSpec, readonly FieldPlan[]>();

/** Appends `record` as one TSV line, with its line end. */
export function writeTsvRecord(out: OutputBuffer, spec: LogStreamSpec, record: LogRecord): void {
  const plan = planOf(spec);
  for (let f = 0; f < plan.length; f++) {
    if (f > 0) out.byte(TAB);
    const field = plan[f];
    writeTsvField(out, field, record[field.name]);
  }
  out.byte(NEWLINE);
}

function writeTsvField(out: OutputBuffer, field: FieldPlan, value: LogValue): void {
  if (value === undefined || value === null) {
    out.byte(UNSET);
    return;
  }

  switch (field.kind) {
    case FieldKind.Fixed6:
      if (typeof value === 'number' && out.fixed6(value)) return;
      break;
    case FieldKind.Integer:
      if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) {
        out.unsigned(value);
        return;
      }
      break;
    case FieldKind.Bool:
      out.byte(value ? TRUE : FALSE);
      return;
    case FieldKind.String:
      if (typeof value === 'string' && isPlainField(value)) {
        out.text(value);
        return;
      }
      break;
    case FieldKind.Verbatim:
      if (typeof value === 'string') {
        out.text(value);
        return;
      }
      break;
  }
  out.text(renderTsvValue(field.type, value));
}

/**
 * Whether a string is written as it is: printable ASCII without a backslash, and not one of
 * the values that would read as the unset or empty marker (`renderString` escapes those).
 */
function isPlainField(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < PRINTABLE_FIRST || c > PRINTABLE_LAST || c === BACKSLASH) return false;
  }
  return s.length > RESERVED_MAX_LENGTH || (s !== '' && s !== '-' && s !== '(empty)');
}

function planOf(spec: LogStreamSpec): readonly FieldPlan[] {
  let plan = plans.get(spec);
  if (plan === undefined) {
    plan = spec.fields.map((f) => ({ name: f.name, type: f.type, kind: kindOf(f.type) }));
    plans.set(spec, plan);
  }
  return plan;
}

function kindOf(type: ZeekType): FieldKind {
  switch (type) {
    case 'time':
    case 'interval':
      return FieldKind.Fixed6;
    case 'count':
    case 'int':
    case 'port':
      return FieldKind.Integer;
    case 'bool':
      return FieldKind.Bool;
    case 'string':
      return FieldKind.String;
    case 'addr':
    case 'subnet':
    case 'enum':
      return FieldKind.Verbatim;
    default:
      return FieldKind.Rendered;
  }
}

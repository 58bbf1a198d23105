import type { CaptureIssues } from './capture-issues.js';
import { effectiveSnaplen } from './capture-limits.js';
import { DEFAULT_TSRESOL, PcapngClock, isValidTsresol } from './pcapng-clock.js';

/** Interface Description Block fields before the options: type, length, link type, snaplen. */
const IDB_OPTIONS_AT = 16;
/** Size of the trailing block length. */
const TRAILER_BYTES = 4;
const OPTION_HEADER_BYTES = 4;
const OPT_ENDOFOPT = 0;
const IF_TSRESOL = 9;
const IF_TSRESOL_BYTES = 1;
const IF_TSOFFSET = 14;
const IF_TSOFFSET_BYTES = 8;

/** One capture interface of a pcapng section, as its packets need it. */
export class PcapngInterface {
  constructor(
    /** LINKTYPE_* of every packet captured on this interface. */
    readonly linkType: number,
    /** Snapshot length, with 0 ("unlimited") resolved as libpcap does. */
    readonly snaplen: number,
    /** Converts this interface's timestamps (if_tsresol, if_tsoffset). */
    readonly clock: PcapngClock,
  ) {}
}

/** The timestamp options of an IDB, defaults filled in. */
interface ClockOptions {
  tsresol: number;
  tsoffset: number;
}

/**
 * Reads the Interface Description Block of `size` bytes at `off` (the caller checked that it is
 * at least the fixed part and that the block lies within `view`). Bad options are weirds and are
 * ignored; the interface itself is always usable.
 */
export function readInterface(
  view: DataView,
  off: number,
  size: number,
  le: boolean,
  issues: CaptureIssues,
): PcapngInterface {
  const linkType = view.getUint16(off + 8, le);
  const snaplen = effectiveSnaplen(linkType, view.getUint32(off + 12, le));
  const options: ClockOptions = { tsresol: DEFAULT_TSRESOL, tsoffset: 0 };

  readClockOptions(view, off + IDB_OPTIONS_AT, off + size - TRAILER_BYTES, le, issues, options);
  return new PcapngInterface(linkType, snaplen, new PcapngClock(options.tsresol, options.tsoffset));
}

/** Walks the option list (code, length, value padded to 4 bytes) for if_tsresol/if_tsoffset. */
function readClockOptions(
  view: DataView,
  at: number,
  end: number,
  le: boolean,
  issues: CaptureIssues,
  options: ClockOptions,
): void {
  while (end - at >= OPTION_HEADER_BYTES) {
    const code = view.getUint16(at, le);
    const length = view.getUint16(at + 2, le);
    const value = at + OPTION_HEADER_BYTES;
    if (code === OPT_ENDOFOPT) return;
    if (value + length > end) {
      issues.report('pcapng_bad_option', 0, `option ${code} overruns its block`);
      return;
    }

    if (code === IF_TSRESOL) readTsresol(view, value, length, issues, options);
    if (code === IF_TSOFFSET) readTsoffset(view, value, length, le, issues, options);
    at = value + ((length + 3) & ~3);
  }
}

function readTsresol(
  view: DataView,
  value: number,
  length: number,
  issues: CaptureIssues,
  options: ClockOptions,
): void {
  if (length !== IF_TSRESOL_BYTES) {
    issues.report('pcapng_bad_option', 0, `if_tsresol of ${length} bytes`);
    return;
  }

  const tsresol = view.getUint8(value);
  if (!isValidTsresol(tsresol)) {
    issues.report('pcapng_bad_tsresol', 0, `if_tsresol 0x${tsresol.toString(16)}`);
    return;
  }
  options.tsresol = tsresol;
}

function readTsoffset(
  view: DataView,
  value: number,
  length: number,
  le: boolean,
  issues: CaptureIssues,
  options: ClockOptions,
): void {
  if (length !== IF_TSOFFSET_BYTES) {
    issues.report('pcapng_bad_option', 0, `if_tsoffset of ${length} bytes`);
    return;
  }
  options.tsoffset = Number(view.getBigInt64(value, le));
}

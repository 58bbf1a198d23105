/**
 * NTP's fixed-point time formats (RFC 5905 section 6), converted as Zeek converts them so
 * ntp.log shows the same values: an all-zero value stays 0 instead of becoming 1900-01-01.
 */
import type { BoundedReader } from '../bounded-reader.js';

/** Seconds from the NTP era start (1900-01-01) to the Unix epoch, negated. */
const NTP_TO_UNIX_SECONDS = -2208988800;
const FRACTION_32 = 2 ** -32;
const FRACTION_16 = 2 ** -16;

/** A 64-bit timestamp (32-bit seconds, 32-bit fraction) as Unix seconds. */
export function readNtpTimestamp(r: BoundedReader): number {
  const seconds = r.u32();
  const fraction = r.u32();
  if (seconds === 0 && fraction === 0) return 0;
  return NTP_TO_UNIX_SECONDS + seconds + fraction * FRACTION_32;
}

/**
 * A 32-bit short format (16-bit seconds, 16-bit fraction) as seconds. Both halves are read as
 * signed, as Zeek reads them, so a fraction of 0x8000 or more lowers the value.
 */
export function readNtpShort(r: BoundedReader): number {
  const seconds = r.i16();
  const fraction = r.i16();
  if (seconds === 0 && fraction === 0) return 0;
  return seconds + fraction * FRACTION_16;
}

/**
 * Parses one NTP datagram: the first byte gives leap indicator, version and mode; the mode
 * selects the body. Mode 0 (reserved) carries nothing the analyzer interprets.
 */
import { BoundedReader } from '../bounded-reader.js';
import { parseNtpControl } from './ntp-control.js';
import { NtpMode, type NtpMessage } from './ntp-message.js';
import { parseNtpMode7 } from './ntp-mode7.js';
import { parseNtpStandard, type NtpParseResult } from './ntp-standard.js';

const VERSION_SHIFT = 3;
const VERSION_MASK = 0x07;
const MODE_MASK = 0x07;
const FIRST_STANDARD_MODE = 1;
const LAST_STANDARD_MODE = 5;

export function parseNtp(data: Uint8Array): NtpParseResult<NtpMessage> {
  if (data.length === 0) return { ok: false, reason: 'empty NTP message' };
  const r = new BoundedReader(data, 1);
  const version = (data[0] >>> VERSION_SHIFT) & VERSION_MASK;
  const mode = data[0] & MODE_MASK;

  if (mode >= FIRST_STANDARD_MODE && mode <= LAST_STANDARD_MODE) {
    const std = parseNtpStandard(r);
    return std.ok ? { ok: true, value: { version, mode, stdMsg: std.value } } : std;
  }
  if (mode === NtpMode.control) {
    const control = parseNtpControl(r);
    return control.ok ? { ok: true, value: { version, mode, controlMsg: control.value } } : control;
  }
  if (mode === NtpMode.private) {
    const m7 = parseNtpMode7(r);
    return m7.ok ? { ok: true, value: { version, mode, mode7Msg: m7.value } } : m7;
  }
  return { ok: true, value: { version, mode } };
}

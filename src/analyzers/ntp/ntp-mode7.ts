/**
 * Parses the body of an NTP mode 7 private message after the first byte, in the layout of
 * ntpd's implementation (the one that carries monlist): sequence with auth bit, implementation,
 * request code, error and data length, data, and a 20-byte MAC when the auth bit is set.
 */
import type { BoundedReader } from '../bounded-reader.js';
import type { NtpMode7Message } from './ntp-message.js';
import type { NtpParseResult } from './ntp-standard.js';

const AUTH_BIT = 0x80;
const SEQUENCE_MASK = 0x7f;
const ERROR_SHIFT = 12;
const DATA_LENGTH_MASK = 0x0fff;
const MAC_BYTES = 20;

export function parseNtpMode7(r: BoundedReader): NtpParseResult<NtpMode7Message> {
  const second = r.u8();
  const implementation = r.u8();
  const reqCode = r.u8();
  const errAndLength = r.u16();
  const dataLength = errAndLength & DATA_LENGTH_MASK;
  const data = r.bytes(dataLength);
  const authBit = (second & AUTH_BIT) !== 0;
  if (authBit) r.skip(MAC_BYTES);
  if (r.overrun) return { ok: false, reason: 'truncated NTP mode 7 message' };

  return {
    ok: true,
    value: {
      reqCode, authBit, implementation,
      sequence: second & SEQUENCE_MASK,
      err: errAndLength >>> ERROR_SHIFT,
      data: dataLength > 0 ? data : undefined,
    },
  };
}

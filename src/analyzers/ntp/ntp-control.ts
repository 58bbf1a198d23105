/**
 * Parses the body of an NTP mode 6 control message (RFC 1119 appendix B) after the first byte:
 * flags and opcode, sequence, status, association id, offset, count, `count` data bytes, and
 * a 12-byte MAC when exactly that much follows.
 */
import type { BoundedReader } from '../bounded-reader.js';
import type { NtpControlMessage } from './ntp-message.js';
import type { NtpParseResult } from './ntp-standard.js';

/** Key id and 64-bit crypto checksum of the control message MAC. */
const CONTROL_MAC_BYTES = 12;
const CHECKSUM_BYTES = 8;
const RESPONSE_BIT = 0x80;
const ERROR_BIT = 0x40;
const MORE_BIT = 0x20;
const OPCODE_MASK = 0x1f;

export function parseNtpControl(r: BoundedReader): NtpParseResult<NtpControlMessage> {
  const flags = r.u8();
  const sequence = r.u16();
  const status = r.u16();
  const associationId = r.u16();
  r.skip(2);
  const count = r.u16();
  const data = r.bytes(count);
  if (r.overrun) return { ok: false, reason: 'truncated NTP control message' };

  const hasMac = r.remaining() === CONTROL_MAC_BYTES;
  const keyId = hasMac ? r.u32() : undefined;
  const cryptoChecksum = hasMac ? r.bytes(CHECKSUM_BYTES) : undefined;
  return {
    ok: true,
    value: {
      opCode: flags & OPCODE_MASK,
      respBit: (flags & RESPONSE_BIT) !== 0,
      errBit: (flags & ERROR_BIT) !== 0,
      moreBit: (flags & MORE_BIT) !== 0,
      sequence, status, associationId,
      data: count > 0 ? data : undefined,
      keyId, cryptoChecksum,
    },
  };
}

/**
 * Parses the body of an NTP mode 1-5 message (RFC 5905 section 7.3) after the first byte:
 * the fixed 47 bytes, then extension fields (RFC 7822) while more than a MAC's worth of bytes
 * remains, then a 20- or 24-byte MAC if exactly that much is left. A message that ends inside
 * a field or carries an inconsistent extension length is rejected whole, as Zeek rejects it.
 */
import { BoundedReader } from '../bounded-reader.js';
import { formatIp } from '../../stages/ip-address.js';
import type { NtpStandardMessage } from './ntp-message.js';
import { readNtpShort, readNtpTimestamp } from './ntp-time.js';

/** Bytes after the last extension field that are never taken for another extension. */
const MAX_TRAILER_BYTES = 24;
/** MAC sizes: a 32-bit key id with a 128-bit (RFC 5905) or 160-bit (RFC 5906) digest. */
const MAC_BYTES = 20;
const MAC_EXT_BYTES = 24;
const KEY_ID_BYTES = 4;
/** Extension field lengths below which its fixed parts cannot fit (Zeek's checks). */
const EXT_MIN_LENGTH = 16;
const EXT_MIN_VALUE_LENGTH = 18;
const EXT_MIN_SIGNATURE_LENGTH = 22;

export type NtpParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseNtpStandard(r: BoundedReader): NtpParseResult<NtpStandardMessage> {
  const stratum = r.u8();
  const poll = 2 ** r.i8();
  const precision = 2 ** r.i8();
  const rootDelay = readNtpShort(r);
  const rootDisp = readNtpShort(r);
  const reference = r.bytes(4);
  const refTime = readNtpTimestamp(r);
  const orgTime = readNtpTimestamp(r);
  const recTime = readNtpTimestamp(r);
  const xmtTime = readNtpTimestamp(r);
  if (r.overrun) return { ok: false, reason: 'truncated NTP message' };

  const numExts = countExtensions(r);
  if (numExts < 0) return { ok: false, reason: 'malformed NTP extension field' };
  const mac = readMac(r);

  return {
    ok: true,
    value: {
      stratum, poll, precision, rootDelay, rootDisp, ...referenceOf(stratum, reference),
      refTime, orgTime, recTime, xmtTime, ...mac, numExts,
    },
  };
}

/** The reference identifier's meaning depends on the stratum (RFC 5905 figure 12). */
function referenceOf(stratum: number, id: Uint8Array): Partial<NtpStandardMessage> {
  if (stratum === 0) return { kissCode: id };
  if (stratum === 1) return { refId: id };
  return { refAddr: formatIp(id, 0, 4) };
}

/** Extension fields counted, or -1 when one is malformed. */
function countExtensions(r: BoundedReader): number {
  if (r.remaining() <= MAX_TRAILER_BYTES) return 0;
  let count = 0;
  while (r.remaining() > MAX_TRAILER_BYTES) {
    if (!skipExtension(r)) return -1;
    count++;
  }
  return count;
}

/** Skips one extension field, checking its lengths as Zeek does; false when inconsistent. */
function skipExtension(r: BoundedReader): boolean {
  const start = r.pos;
  r.skip(2);
  const length = r.u16();
  if (r.overrun || length < EXT_MIN_LENGTH) return false;

  r.skip(10);
  const valueLength = r.u32();
  if (length < EXT_MIN_VALUE_LENGTH || valueLength > length - EXT_MIN_VALUE_LENGTH) return false;
  r.skip(valueLength);

  const signatureLength = r.u32();
  if (length < EXT_MIN_SIGNATURE_LENGTH || valueLength > length - EXT_MIN_SIGNATURE_LENGTH) {
    return false;
  }
  r.skip(signatureLength);

  const padding = start + length - r.pos;
  if (padding < 0) return false;
  r.skip(padding);
  return !r.overrun;
}

/** The MAC, when exactly a MAC's worth of bytes is left. */
function readMac(r: BoundedReader): { keyId?: number; digest?: Uint8Array } {
  const left = r.remaining();
  if (left !== MAC_BYTES && left !== MAC_EXT_BYTES) return {};
  const keyId = r.u32();
  return { keyId, digest: r.bytes(left - KEY_ID_BYTES) };
}

/**
 * SVCB/HTTPS service parameters (RFC 9460, 2.2 and 7): walked to report malformed ones as
 * Zeek does. A malformed value is skipped as a whole and the walk goes on with the next key.
 */
import type { DnsCursor } from './dns-cursor.js';

const PARAM_HEADER_BYTES = 4;
const IPV4_BYTES = 4;
const IPV6_BYTES = 16;
const PORT_BYTES = 2;

const SvcKey = {
  Mandatory: 0, Alpn: 1, NoDefaultAlpn: 2, Port: 3, Ipv4Hint: 4, Ech: 5, Ipv6Hint: 6,
} as const;

type Report = (name: string, addl?: string) => void;

/** Reads `length` bytes of parameters at the cursor, reporting what is malformed. */
export function parseSvcParams(cur: DnsCursor, length: number, weird: Report): void {
  let left = length;
  while (left >= PARAM_HEADER_BYTES) {
    const key = cur.short();
    let valueLen = cur.short();
    left -= PARAM_HEADER_BYTES;
    if (valueLen > left) {
      weird('DNS_SVCB_param_value_toobig', `${valueLen} capped to ${left}`);
      valueLen = left;
    } else {
      checkValue(cur, key, valueLen, weird);
    }
    cur.bytes(valueLen);
    left -= valueLen;
  }
}

/** Reports a value that does not fit its key; reads nothing. */
function checkValue(cur: DnsCursor, key: number, len: number, weird: Report): void {
  switch (key) {
    case SvcKey.Mandatory:
      if (len === 0 || len % 2 !== 0) weird('DNS_SVCB_mandatory_length_invalid');
      return;
    case SvcKey.Alpn:
      if (!alpnListFits(cur, len)) weird('DNS_SVCB_alpn_length_invalid');
      return;
    case SvcKey.NoDefaultAlpn:
      if (len > 0) weird('DNS_SVCB_nodefaultalpn_value');
      return;
    case SvcKey.Port:
      if (len !== PORT_BYTES) weird('DNS_SVCB_port_length_invalid');
      return;
    case SvcKey.Ipv4Hint:
    case SvcKey.Ipv6Hint:
      if (len % (key === SvcKey.Ipv4Hint ? IPV4_BYTES : IPV6_BYTES) !== 0) {
        weird('DNS_SVCB_hint_length_invalid');
      }
      return;
    case SvcKey.Ech:
      return;
    default:
      weird('DNS_SVCB_key_reserved_or_invalid');
  }
}

/**
 * Whether the ALPN ids (one length byte each, RFC 9460, 7.1.1) fill the value exactly. As in
 * Zeek, an id is only looked for while two bytes of the value remain.
 */
function alpnListFits(cur: DnsCursor, len: number): boolean {
  let parsed = 0;
  while (parsed + 2 <= len) {
    const idLen = cur.msg[cur.pos + parsed] ?? 0;
    parsed += 1;
    if (idLen === 0 || idLen + parsed > len) return false;
    parsed += idLen;
  }
  return parsed === len;
}

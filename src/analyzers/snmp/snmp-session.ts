/**
 * What snmp.log keeps of one connection's SNMP messages (Zeek's SNMP::Info): when they
 * started, the version and community first seen, binding counts per PDU kind, and what the
 * responder said about itself.
 */
import type { SnmpHeader, SnmpPdu } from './snmp-message.js';

export const SNMP_SESSION_KEY = 'snmp';

const VERSION_NAMES: ReadonlyMap<bigint, string> = new Map([[0n, '1'], [1n, '2c'], [3n, '3']]);
/** sysDescr.0 and sysUpTime.0 of MIB-II (RFC 1213). */
const SYS_DESCR_OID = '1.3.6.1.2.1.1.1.0';
const SYS_UPTIME_OID = '1.3.6.1.2.1.1.3.0';
/** sysUpTime counts hundredths of a second. */
const TICKS_PER_SECOND = 100;

export class SnmpSession {
  readonly version: string;
  duration = 0;
  /** Raw bytes of the community (v1/v2c) or user name (v3). */
  community: Uint8Array | undefined;
  getRequests = 0;
  getBulkRequests = 0;
  getResponses = 0;
  setRequests = 0;
  displayString: Uint8Array | undefined;
  upSince: number | undefined;

  constructor(
    /** Network time of the first message. */
    readonly ts: number,
    version: bigint,
  ) {
    this.version = VERSION_NAMES.get(version) ?? 'unknown';
  }

  /** Every message: the first community seen sticks; duration runs to this message. */
  update(header: SnmpHeader, now: number): void {
    this.community ??= communityOf(header);
    this.duration = now - this.ts;
  }

  response(pdu: SnmpPdu, now: number): void {
    this.getResponses += pdu.bindings.length;
    for (const b of pdu.bindings) {
      if (b.oid === SYS_DESCR_OID && b.value.octets !== undefined) {
        this.displayString = b.value.octets;
      } else if (b.oid === SYS_UPTIME_OID && b.value.unsigned !== undefined) {
        this.upSince = now - Number(b.value.unsigned) / TICKS_PER_SECOND;
      }
    }
  }
}

function communityOf(h: SnmpHeader): Uint8Array | undefined {
  if (h.v1 !== undefined) return h.v1.community;
  if (h.v2 !== undefined) return h.v2.community;
  const user = h.v3?.userSecurity?.userName;
  return user !== undefined && user.length > 0 ? user : undefined;
}

/** Events of the SNMP analyzer, with Zeek's names and argument order. */
import type { Connection } from '../../stages/connection.js';
import type { SnmpBulkPdu, SnmpHeader, SnmpPdu, SnmpTrapPdu } from './snmp-message.js';

type PduEvent = [c: Connection, isOrig: boolean, header: SnmpHeader, pdu: SnmpPdu];

export interface SnmpEvents {
  snmp_get_request: PduEvent;
  snmp_get_next_request: PduEvent;
  snmp_response: PduEvent;
  snmp_set_request: PduEvent;
  snmp_inform_request: PduEvent;
  snmp_trapV2: PduEvent;
  snmp_report: PduEvent;
  snmp_trap: [c: Connection, isOrig: boolean, header: SnmpHeader, pdu: SnmpTrapPdu];
  snmp_get_bulk_request: [c: Connection, isOrig: boolean, header: SnmpHeader, pdu: SnmpBulkPdu];
  /** A PDU whose context tag is none of RFC 1157's or RFC 3416's. */
  snmp_unknown_pdu: [c: Connection, isOrig: boolean, header: SnmpHeader, tag: number];
  /** An SNMPv3 scoped PDU that is neither plaintext nor encrypted. */
  snmp_unknown_scoped_pdu: [c: Connection, isOrig: boolean, header: SnmpHeader, tag: number];
  /** An SNMPv3 message whose scoped PDU is encrypted. */
  snmp_encrypted_pdu: [c: Connection, isOrig: boolean, header: SnmpHeader];
  /** A message whose version is not 1, 2c or 3. */
  snmp_unknown_header_version: [c: Connection, isOrig: boolean, version: bigint];
}

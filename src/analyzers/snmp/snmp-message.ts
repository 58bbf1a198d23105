/**
 * What the SNMP analyzer reports (RFC 1157, RFC 3416, RFC 3412/3414), shaped as Zeek's
 * SNMP::Header, SNMP::PDU, SNMP::TrapPDU and SNMP::BulkPDU records. Integers are bigint since
 * they may use all 64 bits; octet strings are raw bytes.
 */

export interface SnmpV3UserSecurity {
  readonly authEngineId: Uint8Array;
  readonly authEngineBoots: bigint;
  readonly authEngineTime: bigint;
  readonly userName: Uint8Array;
  readonly authParams: Uint8Array;
  readonly privParams: Uint8Array;
}

export interface SnmpV3Header {
  readonly messageId: bigint;
  readonly maxSize: bigint;
  readonly flags: number;
  readonly authFlag: boolean;
  readonly privFlag: boolean;
  readonly reportableFlag: boolean;
  readonly securityModel: bigint;
  readonly securityParams: Uint8Array;
  /** Context of a plaintext scoped PDU. */
  readonly pduContext?: { readonly engineId: Uint8Array; readonly name: Uint8Array };
  /**
   * The user-based security model's parameters (security model 3). Zeek decodes them after
   * the scoped PDU, so an encrypted or unknown scoped PDU is reported without them.
   */
  readonly userSecurity?: SnmpV3UserSecurity;
}

export interface SnmpHeader {
  /** The version field: 0 for SNMPv1, 1 for v2c, 3 for v3. */
  readonly version: bigint;
  readonly v1?: { readonly community: Uint8Array };
  readonly v2?: { readonly community: Uint8Array };
  readonly v3?: SnmpV3Header;
}

/** A variable binding's value: its tag and the one interpretation that tag selects. */
export interface SnmpObjectValue {
  readonly tag: number;
  readonly oid?: string;
  readonly signed?: bigint;
  readonly unsigned?: bigint;
  readonly address?: string;
  readonly octets?: Uint8Array;
}

export interface SnmpBinding {
  readonly oid: string;
  readonly value: SnmpObjectValue;
}

export interface SnmpPdu {
  readonly requestId: bigint;
  readonly errorStatus: bigint;
  readonly errorIndex: bigint;
  readonly bindings: readonly SnmpBinding[];
}

export interface SnmpTrapPdu {
  readonly enterprise: string;
  readonly agent: string;
  readonly genericTrap: bigint;
  readonly specificTrap: bigint;
  readonly timeStamp: bigint;
  readonly bindings: readonly SnmpBinding[];
}

export interface SnmpBulkPdu {
  readonly requestId: bigint;
  readonly nonRepeaters: bigint;
  readonly maxRepetitions: bigint;
  readonly bindings: readonly SnmpBinding[];
}

/** The kinds of PDU that carry the common request/response layout, by their event name. */
export type SnmpCommonPduEvent =
  | 'snmp_get_request'
  | 'snmp_get_next_request'
  | 'snmp_response'
  | 'snmp_set_request'
  | 'snmp_inform_request'
  | 'snmp_trapV2'
  | 'snmp_report';

/** One thing a message told, in the order Zeek raises its events. */
export type SnmpReport =
  | { readonly event: SnmpCommonPduEvent; readonly header: SnmpHeader; readonly pdu: SnmpPdu }
  | { readonly event: 'snmp_trap'; readonly header: SnmpHeader; readonly pdu: SnmpTrapPdu }
  | {
      readonly event: 'snmp_get_bulk_request'; readonly header: SnmpHeader;
      readonly pdu: SnmpBulkPdu;
    }
  | {
      readonly event: 'snmp_unknown_pdu' | 'snmp_unknown_scoped_pdu';
      readonly header: SnmpHeader;
      readonly tag: number;
    }
  | { readonly event: 'snmp_encrypted_pdu'; readonly header: SnmpHeader }
  | { readonly event: 'snmp_unknown_header_version'; readonly version: bigint };

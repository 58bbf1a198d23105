/**
 * Parses the SNMP PDU that follows the header (RFC 1157 section 4.1, RFC 3416 section 3):
 * the context-tagged choice, then the request/response, trap or bulk layout and its variable
 * bindings. Bindings run to the end of the datagram, as Zeek reads them; a binding cut short
 * drops the whole PDU.
 */
import { formatIp } from '../../stages/ip-address.js';
import { BerTag, type BerEncoding } from './ber-element.js';
import { berOidText, berSigned, berUnsigned, type BerIssues } from './ber-values.js';
import type { SnmpDecoder } from './snmp-decoder.js';
import type {
  SnmpBinding, SnmpCommonPduEvent, SnmpHeader, SnmpObjectValue, SnmpPdu, SnmpReport,
} from './snmp-message.js';

const COMMON_PDU_EVENTS: Readonly<Record<number, SnmpCommonPduEvent>> = {
  0xa0: 'snmp_get_request',
  0xa1: 'snmp_get_next_request',
  0xa2: 'snmp_response',
  0xa3: 'snmp_set_request',
  0xa6: 'snmp_inform_request',
  0xa7: 'snmp_trapV2',
  0xa8: 'snmp_report',
};
const TRAP_TAG = 0xa4;
const BULK_TAG = 0xa5;
/** Binding values that stand for "no value" (RFC 3416 section 3: NULL and the exceptions). */
const NO_VALUE_TAGS = new Set([0x05, 0x80, 0x81, 0x82]);
/** Zeek's unspecified address, for an agent address that is not 4 bytes long. */
const UNSPECIFIED_ADDRESS = '::';
const IPV4_BYTES = 4;

/** The PDU's report, or undefined when it is cut short or malformed (see `d.failure`). */
export function parseSnmpPdu(d: SnmpDecoder, header: SnmpHeader): SnmpReport | undefined {
  const choice = d.meta();
  if (choice === undefined) return undefined;

  const event = COMMON_PDU_EVENTS[choice.tag];
  let report: SnmpReport;
  if (event !== undefined) report = { event, header, pdu: commonPdu(d) };
  else if (choice.tag === TRAP_TAG) report = { event: 'snmp_trap', header, pdu: trapPdu(d) };
  else if (choice.tag === BULK_TAG) {
    report = { event: 'snmp_get_bulk_request', header, pdu: bulkPdu(d) };
  }
  else {
    d.r.rest();
    report = { event: 'snmp_unknown_pdu', header, tag: choice.tag };
  }
  return d.failed ? undefined : report;
}

function commonPdu(d: SnmpDecoder): SnmpPdu {
  return {
    requestId: d.signed(),
    errorStatus: d.signed(),
    errorIndex: d.signed(),
    bindings: bindings(d),
  };
}

function trapPdu(d: SnmpDecoder) {
  return {
    enterprise: d.oid(),
    agent: address(d.tagged(BerTag.ipAddress)),
    genericTrap: d.signed(),
    specificTrap: d.signed(),
    timeStamp: berUnsigned(d.tagged(BerTag.timeTicks), d.issues),
    bindings: bindings(d),
  };
}

function bulkPdu(d: SnmpDecoder) {
  return {
    requestId: d.signed(),
    nonRepeaters: d.unsigned(),
    maxRepetitions: d.unsigned(),
    bindings: bindings(d),
  };
}

function bindings(d: SnmpDecoder): SnmpBinding[] {
  d.sequence();
  const list: SnmpBinding[] = [];
  while (!d.failed && d.r.remaining() > 0) {
    d.sequence();
    const oid = d.oid();
    const value = d.encoding();
    if (value !== undefined) list.push({ oid, value: objectValue(value, d.issues) });
  }
  return list;
}

/** A binding's value, interpreted by its tag as Zeek's SNMP::ObjectValue. */
function objectValue(e: BerEncoding, issues: BerIssues): SnmpObjectValue {
  const tag = e.tag;
  if (NO_VALUE_TAGS.has(tag)) return { tag };
  switch (tag) {
    case BerTag.objectIdentifier:
      return { tag, oid: berOidText(e.content, issues) };
    case BerTag.integer:
      return { tag, signed: berSigned(e.content, issues) };
    case BerTag.counter32:
    case BerTag.unsigned32:
    case BerTag.timeTicks:
    case BerTag.counter64:
      return { tag, unsigned: berUnsigned(e.content, issues) };
    case BerTag.ipAddress:
      return { tag, address: address(e.content) };
    default:
      return { tag, octets: e.content };
  }
}

function address(content: Uint8Array): string {
  return content.length === IPV4_BYTES ? formatIp(content, 0, 4) : UNSPECIFIED_ADDRESS;
}

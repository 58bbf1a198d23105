/**
 * Parses the SNMP message header after the version: the community of SNMPv1/v2c, or the SNMPv3
 * header data, security parameters and the start of the scoped PDU (RFC 3412 section 6). For
 * v3, an encrypted or unknown scoped PDU is reported here, before the user-based security
 * parameters are decoded, in Zeek's order.
 */
import { BoundedReader } from '../bounded-reader.js';
import { BerTag } from './ber-element.js';
import { berSigned } from './ber-values.js';
import { SnmpDecoder } from './snmp-decoder.js';
import type { SnmpHeader, SnmpReport, SnmpV3Header, SnmpV3UserSecurity } from './snmp-message.js';

export const SnmpVersion = { v1: 0n, v2c: 1n, v3: 3n } as const;

/** The user-based security model's number (RFC 3411). */
const USER_SECURITY_MODEL = 3n;
const AUTH_FLAG = 0x01;
const PRIV_FLAG = 0x02;
const REPORTABLE_FLAG = 0x04;

/** What the header parse found, besides the header itself. */
export interface SnmpHeaderSink {
  report(r: SnmpReport): void;
  /** Something Zeek flags as a protocol violation without stopping the parse. */
  violation(reason: string): void;
}

export interface ParsedHeader {
  readonly header: SnmpHeader;
  /** Whether a plaintext PDU follows the header. */
  readonly pduFollows: boolean;
}

export function parseSnmpHeader(
  d: SnmpDecoder, version: bigint, sink: SnmpHeaderSink,
): ParsedHeader {
  if (version === SnmpVersion.v1) {
    return { header: { version, v1: { community: d.octets() } }, pduFollows: true };
  }
  if (version === SnmpVersion.v2c) {
    return { header: { version, v2: { community: d.octets() } }, pduFollows: true };
  }
  if (version === SnmpVersion.v3) return parseV3(d, version, sink);

  d.r.rest();
  sink.report({ event: 'snmp_unknown_header_version', version });
  return { header: { version }, pduFollows: false };
}

function parseV3(d: SnmpDecoder, version: bigint, sink: SnmpHeaderSink): ParsedHeader {
  const data = parseV3HeaderData(d, sink);
  const securityParams = d.octets();
  const next = d.meta();
  if (d.failed || next === undefined) return { header: { version }, pduFollows: false };

  let v3: SnmpV3Header = { ...data, securityParams };
  if (next.tag === BerTag.sequence) {
    v3 = { ...v3, pduContext: { engineId: d.octets(), name: d.octets() } };
  } else {
    d.r.rest();
    const header = { version, v3 };
    if (next.tag === BerTag.octetString) sink.report({ event: 'snmp_encrypted_pdu', header });
    else sink.report({ event: 'snmp_unknown_scoped_pdu', header, tag: next.tag });
  }

  const userSecurity = v3.securityModel === USER_SECURITY_MODEL
    ? parseUserSecurity(securityParams, d)
    : undefined;
  const header = { version, v3: { ...v3, userSecurity } };
  return { header, pduFollows: next.tag === BerTag.sequence };
}

function parseV3HeaderData(d: SnmpDecoder, sink: SnmpHeaderSink) {
  d.sequence();
  const messageId = d.unsigned();
  const maxSize = d.unsigned();
  const flagBytes = d.octets();
  const securityModelContent = d.integerContent();
  if (!d.failed && flagBytes.length !== 1) sink.violation('Invalid v3 HeaderData msgFlags');

  const flags = flagBytes.length > 0 ? flagBytes[0] : 0;
  return {
    messageId, maxSize, flags,
    authFlag: (flags & AUTH_FLAG) !== 0,
    privFlag: (flags & PRIV_FLAG) !== 0,
    reportableFlag: (flags & REPORTABLE_FLAG) !== 0,
    securityModel: berSigned(securityModelContent, d.issues),
  };
}

/** RFC 3414 UsmSecurityParameters, decoded from the security parameters octet string. */
function parseUserSecurity(params: Uint8Array, outer: SnmpDecoder): SnmpV3UserSecurity | undefined {
  if (outer.failed) return undefined;
  const d = new SnmpDecoder(new BoundedReader(params), outer.issues);
  d.sequence();
  const usm = {
    authEngineId: d.octets(),
    authEngineBoots: d.signed(),
    authEngineTime: d.signed(),
    userName: d.octets(),
    authParams: d.octets(),
    privParams: d.octets(),
  };
  if (!d.failed) return usm;
  outer.fail(d.failure ?? 'truncated SNMPv3 security parameters');
  return undefined;
}

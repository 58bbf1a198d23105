/**
 * Decodes a DER certificate (RFC 5280 4.1) into the values x509.log shows, rendered the way
 * Zeek renders them through OpenSSL. DER decoding is asn1js's; the rendering is ours.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';

import { formatIp } from '../../stages/ip-address.js';
import {
  children,
  content,
  CONTEXT,
  decode,
  isTag,
  oid,
  Tag,
  UNIVERSAL,
  type Node,
} from './der.js';
import { lastCommonName, renderName } from './distinguished-name.js';
import { algorithmName } from './oid-names.js';
import { describePublicKey } from './public-key.js';

export interface SubjectAltNames {
  /** DNS names, URIs and e-mail addresses: raw IA5 bytes; unset when there are none. */
  readonly dns?: Uint8Array[];
  readonly uri?: Uint8Array[];
  readonly email?: Uint8Array[];
  /** IP addresses in text form. */
  readonly ip?: string[];
}

export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLen?: number;
}

export interface X509Certificate {
  /** SHA-256 of the DER encoding, lower-case hex. */
  readonly fingerprint: string;
  readonly version: number;
  /** Serial number in upper-case hex, two digits per byte. */
  readonly serial: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notValidBefore: number;
  readonly notValidAfter: number;
  readonly keyAlg: string;
  readonly sigAlg: string;
  readonly keyType?: string;
  readonly keyLength?: number;
  readonly exponent?: string;
  readonly curve?: string;
  readonly san?: SubjectAltNames;
  readonly basicConstraints?: BasicConstraints;
  /** Whether a SAN extension is present (host name checks then ignore the CN). */
  readonly hasSanExtension: boolean;
  /** SAN DNS names as latin1 strings, for host name checks. */
  readonly sanDnsIa5: readonly string[];
  /** The subject's last CN as latin1, for host name checks. */
  readonly lastCommonName?: string;
}

/** Problems found while decoding: weird names with detail. */
export type CertificateWeird = readonly [name: string, addl?: string];

const EXT_BASIC_CONSTRAINTS = '2.5.29.19';
const EXT_SUBJECT_ALT_NAME = '2.5.29.17';

/** The certificate, or undefined when it is not a certificate (Zeek: x509_cert_parse_error). */
export function parseCertificate(
  der: Uint8Array,
  weirds: CertificateWeird[] = [],
): X509Certificate | undefined {
  const [tbs, sigAlg] = children(decode(der));
  const fields = children(tbs);
  const hasVersion = isTag(fields[0], CONTEXT, 0);
  const [serial, , issuer, validity, subject, spki, ...rest] = hasVersion
    ? fields.slice(1)
    : fields;
  const [notBefore, notAfter] = children(validity);
  const serialBytes = content(serial);
  if (serialBytes === undefined || spki === undefined || sigAlg === undefined) return undefined;

  const key = describePublicKey(spki);
  const ext = extensions(rest, weirds);
  return {
    fingerprint: createHash('sha256').update(der).digest('hex'),
    version: hasVersion ? Number(integerValue(content(children(fields[0])[0]))) + 1 : 1,
    serial: serialHex(serialBytes),
    subject: renderName(subject),
    issuer: renderName(issuer),
    notValidBefore: timeValue(notBefore),
    notValidAfter: timeValue(notAfter),
    keyAlg: algorithmName(key.algorithm),
    sigAlg: algorithmName(oid(children(sigAlg)[0]) ?? ''),
    keyType: key.keyType,
    keyLength: key.keyLength,
    exponent: key.exponent,
    curve: key.curve,
    ...ext,
    lastCommonName: lastCommonName(subject),
  };
}

type ExtensionFields = Pick<
  X509Certificate,
  'san' | 'basicConstraints' | 'hasSanExtension' | 'sanDnsIa5'
>;

/** The [3] extensions block (RFC 5280 4.1.2.9): basic constraints and SAN are decoded. */
function extensions(rest: Node[], weirds: CertificateWeird[]): ExtensionFields {
  const out: { -readonly [K in keyof ExtensionFields]: ExtensionFields[K] } = {
    hasSanExtension: false,
    sanDnsIa5: [],
  };
  const block = rest.find((n) => isTag(n, CONTEXT, 3));
  for (const ext of children(children(block)[0])) {
    const parts = children(ext);
    const id = oid(parts[0]);
    const value = content(parts[parts.length - 1]);
    if (value === undefined) continue;
    if (id === EXT_BASIC_CONSTRAINTS && out.basicConstraints === undefined) {
      out.basicConstraints = basicConstraints(value, weirds);
    } else if (id === EXT_SUBJECT_ALT_NAME && !out.hasSanExtension) {
      out.hasSanExtension = true;
      out.san = subjectAltNames(value, weirds);
      out.sanDnsIa5 = (out.san?.dns ?? []).map((d) => Buffer.from(d).toString('latin1'));
    }
  }
  return out;
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
function basicConstraints(
  value: Uint8Array,
  weirds: CertificateWeird[],
): BasicConstraints | undefined {
  const seq = decode(value);
  if (!isTag(seq, UNIVERSAL, Tag.SEQUENCE)) {
    weirds.push(['x509_invalid_basic_constraint']);
    return undefined;
  }
  let ca = false;
  let pathLen: number | undefined;
  for (const item of children(seq)) {
    if (isTag(item, UNIVERSAL, Tag.BOOLEAN)) ca = (content(item)?.[0] ?? 0) !== 0;
    if (isTag(item, UNIVERSAL, Tag.INTEGER)) pathLen = Number(integerValue(content(item)));
  }
  return { ca, pathLen };
}

/** GeneralNames (RFC 5280 4.2.1.6): rfc822Name [1], dNSName [2], URI [6], iPAddress [7]. */
function subjectAltNames(
  value: Uint8Array,
  weirds: CertificateWeird[],
): SubjectAltNames | undefined {
  const seq = decode(value);
  if (!isTag(seq, UNIVERSAL, Tag.SEQUENCE)) {
    weirds.push(['x509_san_parse_error']);
    return undefined;
  }
  const dns: Uint8Array[] = [];
  const uri: Uint8Array[] = [];
  const email: Uint8Array[] = [];
  const ip: string[] = [];
  for (const name of children(seq)) {
    const bytes = content(name);
    if (name.idBlock.tagClass !== CONTEXT || bytes === undefined) continue;
    const tag = name.idBlock.tagNumber;
    if (tag === 1) email.push(bytes.slice());
    else if (tag === 2) dns.push(bytes.slice());
    else if (tag === 6) uri.push(bytes.slice());
    else if (tag === 7) sanIp(bytes, ip, weirds);
  }
  return {
    dns: dns.length > 0 ? dns : undefined,
    uri: uri.length > 0 ? uri : undefined,
    email: email.length > 0 ? email : undefined,
    ip: ip.length > 0 ? ip : undefined,
  };
}

function sanIp(bytes: Uint8Array, out: string[], weirds: CertificateWeird[]): void {
  if (bytes.length === 4) out.push(formatIp(bytes, 0, 4));
  else if (bytes.length === 16) out.push(formatIp(bytes, 0, 6));
  else weirds.push(['x509_san_ip_length', `${bytes.length}`]);
}

/** OpenSSL's i2a_ASN1_INTEGER: the magnitude's bytes in hex, `-` first when negative. */
function serialHex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '00';
  const negative = (bytes[0] & 0x80) !== 0;
  let magnitude = bytes;
  if (negative) {
    const v = (1n << BigInt(bytes.length * 8)) - integerValue(bytes);
    magnitude = Buffer.from(v.toString(16).padStart(bytes.length * 2, '0'), 'hex');
    while (magnitude.length > 1 && magnitude[0] === 0) magnitude = magnitude.subarray(1);
  } else if (bytes.length > 1 && bytes[0] === 0) {
    magnitude = bytes.subarray(1);
  }
  return (negative ? '-' : '') + Buffer.from(magnitude).toString('hex').toUpperCase();
}

function integerValue(bytes: Uint8Array | undefined): bigint {
  let v = 0n;
  for (const b of bytes ?? []) v = (v << 8n) | BigInt(b);
  return v;
}

/** UTCTime or GeneralizedTime as seconds since the epoch; 0 when unreadable. */
function timeValue(n: Node | undefined): number {
  if (n instanceof asn1js.UTCTime || n instanceof asn1js.GeneralizedTime) {
    const ms = n.toDate().getTime();
    return Number.isFinite(ms) ? ms / 1000 : 0;
  }
  return 0;
}

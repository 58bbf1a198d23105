/**
 * Decoders for the extensions whose content ssl.log or its events use. Each takes the
 * extension body (without its 4-byte header) and throws `TruncatedMessage` on a short body.
 */
import { ByteReader } from './byte-reader.js';

export interface ServerNames {
  /** Host names (name type 0), in order. */
  readonly names: Uint8Array[];
  /** Name types other than host_name, which are skipped. */
  readonly unknownTypes: number[];
}

/** server_name (RFC 6066 3): a list of typed names. */
export function decodeServerNames(data: Uint8Array): ServerNames {
  const out: ServerNames = { names: [], unknownTypes: [] };
  const outer = new ByteReader(data);
  const list = outer.sub(outer.u16());
  while (list.remaining > 0) {
    const nameType = list.u8();
    if (nameType !== 0) {
      // An unknown name type's length is unknown: it ends the list.
      out.unknownTypes.push(nameType);
      list.rest();
      break;
    }
    out.names.push(list.bytes(list.u16()));
  }
  return out;
}

/** application_layer_protocol_negotiation (RFC 7301 3.1): length-prefixed protocol names. */
export function decodeAlpn(data: Uint8Array): Uint8Array[] {
  const outer = new ByteReader(data);
  const list = outer.sub(outer.u16());
  const names: Uint8Array[] = [];
  while (list.remaining > 0) names.push(list.bytes(list.u8()));
  return names;
}

/** supported_versions (RFC 8446 4.2.1): a list from the client, one version from the server. */
export function decodeSupportedVersions(data: Uint8Array, fromClient: boolean): number[] {
  const r = new ByteReader(data);
  if (!fromClient) return [r.u16()];
  const list = r.sub(r.u8());
  const versions: number[] = [];
  while (list.remaining >= 2) versions.push(list.u16());
  return versions;
}

/**
 * key_share (RFC 8446 4.2.8) group numbers: the client's offered groups, the server's chosen
 * one, or the group a HelloRetryRequest asks for (a 2-byte body).
 */
export function decodeKeyShareGroups(data: Uint8Array, inClientHello: boolean): number[] {
  const r = new ByteReader(data);
  if (!inClientHello) return [r.u16()];
  const list = r.sub(r.u16());
  const groups: number[] = [];
  while (list.remaining > 0) {
    groups.push(list.u16());
    list.bytes(list.u16());
  }
  return groups;
}

/** supported_groups, once elliptic_curves (RFC 8422 5.1.1): a list of 16-bit group numbers. */
export function decodeSupportedGroups(data: Uint8Array): number[] {
  const outer = new ByteReader(data);
  const list = outer.sub(outer.u16());
  const groups: number[] = [];
  while (list.remaining >= 2) groups.push(list.u16());
  return groups;
}

/** ec_point_formats (RFC 8422 5.1.2): a list of 8-bit format numbers. */
export function decodeEcPointFormats(data: Uint8Array): number[] {
  const r = new ByteReader(data);
  return Array.from(r.bytes(r.u8()));
}

/** A signature_algorithms entry as Zeek splits it: TLS 1.2's hash and signature bytes. */
export interface SignatureAndHashAlgorithm {
  readonly hashAlgorithm: number;
  readonly signatureAlgorithm: number;
}

/**
 * signature_algorithms (RFC 5246 7.4.1.4.1, RFC 8446 4.2.3): 16-bit entries, handed on as
 * TLS 1.2's hash and signature byte pairs (a TLS 1.3 SignatureScheme is the same 16 bits).
 */
export function decodeSignatureAlgorithms(data: Uint8Array): SignatureAndHashAlgorithm[] {
  const outer = new ByteReader(data);
  const list = outer.sub(outer.u16());
  const out: SignatureAndHashAlgorithm[] = [];
  while (list.remaining >= 2) {
    out.push({ hashAlgorithm: list.u8(), signatureAlgorithm: list.u8() });
  }
  return out;
}

/**
 * Small accessors over asn1js's decoded tree, so certificate code reads as the RFC 5280
 * structure it walks. Every accessor returns undefined instead of throwing on a shape that
 * does not match.
 */
import * as asn1js from 'asn1js';

/** Universal tag numbers (X.680 8.4). */
export const Tag = {
  BOOLEAN: 1, INTEGER: 2, BIT_STRING: 3, OCTET_STRING: 4, OID: 6, UTF8_STRING: 12,
  SEQUENCE: 16, SET: 17, UTC_TIME: 23, GENERALIZED_TIME: 24,
} as const;

export const UNIVERSAL = 1;
export const CONTEXT = 3;

export type Node = asn1js.AsnType;

/** Decodes one DER/BER element; undefined if it is malformed or followed by nothing valid. */
export function decode(bytes: Uint8Array): Node | undefined {
  const r = asn1js.fromBER(bytes);
  if (r.offset === -1 || r.result.error !== '') return undefined;
  return r.result;
}

export function children(n: Node | undefined): Node[] {
  if (n === undefined || !n.idBlock.isConstructed) return [];
  const v = (n as asn1js.Constructed).valueBlock.value;
  return Array.isArray(v) ? (v as Node[]) : [];
}

export function isTag(n: Node | undefined, tagClass: number, tag: number): boolean {
  return n !== undefined && n.idBlock.tagClass === tagClass && n.idBlock.tagNumber === tag;
}

/** The content octets of a primitive element (for a BIT STRING, without its unused-bits byte). */
export function content(n: Node | undefined): Uint8Array | undefined {
  if (n === undefined || n.idBlock.isConstructed) return undefined;
  const vb = (n as asn1js.Primitive).valueBlock as { valueHexView?: Uint8Array };
  return vb.valueHexView;
}

export function oid(n: Node | undefined): string | undefined {
  if (!isTag(n, UNIVERSAL, Tag.OID)) return undefined;
  return (n as asn1js.ObjectIdentifier).valueBlock.toString();
}

/** The element exactly as it was encoded. */
export function encoded(n: Node): Uint8Array {
  return n.valueBeforeDecodeView;
}

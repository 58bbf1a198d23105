/**
 * The key columns of x509.log from a SubjectPublicKeyInfo (RFC 5280 4.1.2.7): key type,
 * length in bits and RSA exponent as OpenSSL reports them (EVP_PKEY_bits: modulus bits for
 * RSA, prime bits for DSA, group order bits for EC, 253/456 for Ed25519/Ed448, and eight bits
 * per public key byte for ML-DSA), and the EC curve name.
 */
import { children, content, decode, oid } from './der.js';
import type { Node } from './der.js';
import { CURVES } from './oid-names.js';

export interface PublicKeyInfo {
  /** Algorithm OID of the key. */
  readonly algorithm: string;
  readonly keyType?: string;
  readonly keyLength?: number;
  /** RSA public exponent in decimal. */
  readonly exponent?: string;
  readonly curve?: string;
}

const RSA = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
/** RDP servers label RSA keys with this signature OID; OpenSSL-based tools decode them as RSA. */
const MD5_WITH_RSA = '1.2.840.113549.1.1.4';
const DSA = '1.2.840.10040.4.1';
const EC = '1.2.840.10045.2.1';
const OTHER_KEYS: ReadonlyMap<string, { readonly type: string; readonly bits?: number }> = new Map([
  ['1.3.101.110', { type: 'X25519', bits: 253 }],
  ['1.3.101.111', { type: 'X448', bits: 448 }],
  ['1.3.101.112', { type: 'ED25519', bits: 253 }],
  ['1.3.101.113', { type: 'ED448', bits: 456 }],
  ['2.16.840.1.101.3.4.3.17', { type: 'ML-DSA-44' }],
  ['2.16.840.1.101.3.4.3.18', { type: 'ML-DSA-65' }],
  ['2.16.840.1.101.3.4.3.19', { type: 'ML-DSA-87' }],
]);

export function describePublicKey(spki: Node | undefined): PublicKeyInfo {
  const [algId, keyBits] = children(spki);
  const [algOid, params] = children(algId);
  const algorithm = oid(algOid) ?? '';
  const key = content(keyBits) ?? new Uint8Array(0);

  if (algorithm === RSA || algorithm === MD5_WITH_RSA) return { algorithm, ...rsaKey(key, 'rsa') };
  if (algorithm === RSA_PSS) return { algorithm, ...rsaKey(key, 'RSA-PSS') };
  if (algorithm === DSA)
    return { algorithm, keyType: 'dsa', keyLength: bitLength(content(children(params)[0])) };
  if (algorithm === EC) {
    const curve = CURVES.get(oid(params) ?? '');
    return { algorithm, keyType: 'ecdsa', keyLength: curve?.bits, curve: curve?.name };
  }
  const other = OTHER_KEYS.get(algorithm);
  if (other === undefined) return { algorithm };
  return { algorithm, keyType: other.type, keyLength: other.bits ?? key.length * 8 };
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1). */
function rsaKey(key: Uint8Array, keyType: string): Omit<PublicKeyInfo, 'algorithm'> {
  const [modulus, exponent] = children(decode(key));
  const e = content(exponent);
  return {
    keyType,
    keyLength: bitLength(content(modulus)),
    exponent: e === undefined ? undefined : unsignedValue(e).toString(10),
  };
}

/** Bits of an unsigned big-endian integer, ignoring leading zero bytes. */
function bitLength(bytes: Uint8Array | undefined): number | undefined {
  if (bytes === undefined) return undefined;
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

function unsignedValue(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * Display names for ssl.log columns, with the fallbacks Zeek's tables use for values they do
 * not list (`unknown-N`, `TLSv13-draftN`).
 */
import {
  ALERT_DESCRIPTIONS,
  CIPHER_NAMES,
  CURVE_NAMES,
  VERSION_NAMES,
} from './tls-registry-names.js';

export function versionName(version: number): string {
  const known = VERSION_NAMES.get(version);
  if (known !== undefined) return known;
  if (Math.floor(version / 0xff) === 0x7f) return `TLSv13-draft${version % 0x7f}`;
  return `unknown-${version}`;
}

export function cipherName(cipher: number): string {
  return CIPHER_NAMES.get(cipher) ?? `unknown-${cipher}`;
}

export function curveName(curve: number): string {
  return CURVE_NAMES.get(curve) ?? `unknown-${curve}`;
}

export function alertName(description: number): string {
  return ALERT_DESCRIPTIONS.get(description) ?? `unknown-${description}`;
}

/**
 * Whether a cipher suite sends an ECDHE or anonymous ECDH ServerKeyExchange (RFC 8422 5.4),
 * the only key exchange whose curve ssl.log reports.
 */
export function hasEcdhServerKeyExchange(cipher: number): boolean {
  const name = CIPHER_NAMES.get(cipher);
  if (name === undefined) return false;
  return name.startsWith('TLS_ECDHE_') || name.startsWith('TLS_ECDH_anon_');
}

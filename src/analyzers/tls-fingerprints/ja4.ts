/**
 * JA4, the TLS client fingerprint of FoxIO's JA4 specification (technical_details/JA4.md,
 * BSD-3-Clause), e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`:
 *
 * - part a: transport (`t` TLS, `q` QUIC, `d` DTLS), version, `d` with SNI or `i` without,
 *   cipher count and extension count (two digits, at most 99), and two characters of the
 *   first ALPN value (`00` without one);
 * - part b: the first 12 hex digits of the SHA-256 of the cipher suites as 4-digit hex,
 *   sorted, joined by commas;
 * - part c: the same over the sorted extension types without SNI and ALPN, followed by `_`
 *   and the signature algorithms in the order sent (the `_` only when there are some).
 *
 * GREASE values are dropped everywhere. An empty list hashes to twelve zeros. The `_r`
 * (raw) forms show the lists instead of their hashes; the `_o` forms keep the original order
 * and, in part c, SNI and ALPN.
 */
import { createHash } from 'node:crypto';

import { withoutGrease } from './grease.js';
import type { HelloFields, HelloTransport } from './hello-fields.js';

export interface Ja4Fingerprints {
  /** Sorted and hashed: the JA4 fingerprint. */
  readonly ja4: string;
  /** Sorted, raw lists. */
  readonly ja4_r: string;
  /** Original order, hashed. */
  readonly ja4_o: string;
  /** Original order, raw lists. */
  readonly ja4_ro: string;
}

const SERVER_NAME = 0x0000;
const ALPN = 0x0010;
const SUPPORTED_VERSIONS = 0x002b;
/** Counts are two decimal digits. */
const MAX_COUNT = 99;
const HASH_HEX_DIGITS = 12;
const EMPTY_HASH = '0'.repeat(HASH_HEX_DIGITS);

const TRANSPORT_LETTER: Readonly<Record<HelloTransport, string>> = {
  tls: 't', quic: 'q', dtls: 'd',
};

/** Version codes of part a; anything else is `00`. */
const VERSION_CODE: ReadonlyMap<number, string> = new Map([
  [0x0304, '13'], [0x0303, '12'], [0x0302, '11'], [0x0301, '10'], [0x0300, 's3'],
  [0x0002, 's2'], [0xfefc, 'd3'], [0xfefd, 'd2'], [0xfeff, 'd1'],
]);

/** JA4 and its raw and original-order forms for a ClientHello. */
export function ja4Fingerprints(hello: HelloFields, transport: HelloTransport): Ja4Fingerprints {
  const a = partA(hello, transport);
  const ciphers = withoutGrease(hello.ciphers).map(hex4);
  const extensions = withoutGrease(hello.extensions);
  const sortedExtensions = extensions.filter((e) => e !== SERVER_NAME && e !== ALPN).map(hex4);
  const signatures = withoutGrease(hello.signatureAlgorithms).map(hex4);

  const sorted = { ciphers: [...ciphers].sort(), extensions: sortedExtensions.sort() };
  const original = { ciphers, extensions: extensions.map(hex4) };
  return {
    ja4: `${a}_${hashed(sorted.ciphers)}_${hashedC(sorted.extensions, signatures)}`,
    ja4_r: `${a}_${sorted.ciphers.join(',')}_${rawC(sorted.extensions, signatures)}`,
    ja4_o: `${a}_${hashed(original.ciphers)}_${hashedC(original.extensions, signatures)}`,
    ja4_ro: `${a}_${original.ciphers.join(',')}_${rawC(original.extensions, signatures)}`,
  };
}

export function ja4(hello: HelloFields, transport: HelloTransport): string {
  return ja4Fingerprints(hello, transport).ja4;
}

function partA(hello: HelloFields, transport: HelloTransport): string {
  const extensions = withoutGrease(hello.extensions);
  return TRANSPORT_LETTER[transport] +
    versionCode(hello) +
    (extensions.includes(SERVER_NAME) ? 'd' : 'i') +
    count(withoutGrease(hello.ciphers).length) +
    count(extensions.length) +
    alpnCode(hello.firstAlpn);
}

/** The highest supported_versions entry when the extension is there, else the hello's field. */
function versionCode(hello: HelloFields): string {
  const offered = hello.extensions.includes(SUPPORTED_VERSIONS)
    ? withoutGrease(hello.supportedVersions) : [];
  const version = offered.length > 0 ? highestVersion(offered) : hello.version;
  return VERSION_CODE.get(version) ?? '00';
}

/** DTLS numbers its versions downwards (0xfeff is 1.0, 0xfefd is 1.2). */
function highestVersion(versions: readonly number[]): number {
  const dtls = versions.every((v) => v >> 8 === 0xfe);
  return dtls ? Math.min(...versions) : Math.max(...versions);
}

function count(n: number): string {
  return String(Math.min(n, MAX_COUNT)).padStart(2, '0');
}

/**
 * First and last character of the first ALPN value. When either is not an ASCII letter or
 * digit, the spec takes the first and last character of the value's hex form instead, so
 * 0xBA 0xAD gives `bd`. (Implementations that read a text rendering of the value, with `?`
 * or U+FFFD in place of such bytes, print `99`.)
 */
function alpnCode(alpn: Uint8Array | undefined): string {
  if (alpn === undefined || alpn.length === 0) return '00';
  const first = alpn[0];
  const last = alpn[alpn.length - 1];
  if (isAlphanumeric(first) && isAlphanumeric(last)) {
    return String.fromCharCode(first) + String.fromCharCode(last);
  }
  const hex = Buffer.from(alpn).toString('hex');
  return hex[0] + hex[hex.length - 1];
}

function isAlphanumeric(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a);
}

function rawC(extensions: readonly string[], signatures: readonly string[]): string {
  const list = extensions.join(',');
  return signatures.length > 0 ? `${list}_${signatures.join(',')}` : list;
}

function hashedC(extensions: readonly string[], signatures: readonly string[]): string {
  return extensions.length === 0 ? EMPTY_HASH : sha256Prefix(rawC(extensions, signatures));
}

function hashed(values: readonly string[]): string {
  return values.length === 0 ? EMPTY_HASH : sha256Prefix(values.join(','));
}

function sha256Prefix(text: string): string {
  return createHash('sha256').update(text, 'latin1').digest('hex').slice(0, HASH_HEX_DIGITS);
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

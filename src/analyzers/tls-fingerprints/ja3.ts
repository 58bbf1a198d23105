/**
 * JA3 and JA3S (github.com/salesforce/ja3): TLS client and server fingerprints. The JA3 string
 * is the ClientHello's version, cipher suites, extension types, supported groups and EC point
 * formats in decimal, values joined by `-` and fields by `,`; JA3S is the ServerHello's
 * version, chosen cipher and extension types. The fingerprint is the MD5 (lower-case hex) of
 * the string. GREASE values are dropped everywhere; empty fields keep their commas.
 */
import { createHash } from 'node:crypto';

import { withoutGrease } from './grease.js';
import type { HelloFields } from './hello-fields.js';

/** The JA3 string of a ClientHello. */
export function ja3String(hello: HelloFields): string {
  return [
    String(hello.version),
    joined(hello.ciphers),
    joined(hello.extensions),
    joined(hello.supportedGroups),
    joined(hello.ecPointFormats),
  ].join(',');
}

/** The JA3S string of a ServerHello. */
export function ja3sString(hello: HelloFields): string {
  return [String(hello.version), joined(hello.ciphers), joined(hello.extensions)].join(',');
}

export function ja3(hello: HelloFields): string {
  return md5(ja3String(hello));
}

export function ja3s(hello: HelloFields): string {
  return md5(ja3sString(hello));
}

function joined(values: readonly number[]): string {
  return withoutGrease(values).join('-');
}

function md5(text: string): string {
  return createHash('md5').update(text, 'latin1').digest('hex');
}

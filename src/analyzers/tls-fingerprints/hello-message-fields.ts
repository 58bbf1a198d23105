/**
 * Fingerprint fields straight from a decoded ClientHello, for hellos that reach wirelog
 * without the SSL analyzer's events (a QUIC Initial's CRYPTO frames, a test's raw bytes). A
 * malformed extension body leaves its list empty, as the analyzer would have stopped there.
 */
import { TruncatedMessage } from '../ssl/byte-reader.js';
import {
  decodeAlpn, decodeEcPointFormats, decodeSignatureAlgorithms, decodeSupportedGroups,
  decodeSupportedVersions,
} from '../ssl/extension-decoders.js';
import type { ClientHello, TlsExtension } from '../ssl/hello-messages.js';
import { ExtensionType } from '../ssl/tls-constants.js';
import type { HelloFields } from './hello-fields.js';

export function clientHelloFields(hello: ClientHello): HelloFields {
  const body = (type: number) => hello.extensions.find((e: TlsExtension) => e.type === type)?.data;
  return {
    version: hello.version,
    ciphers: hello.ciphers,
    extensions: hello.extensions.map((e) => e.type),
    supportedGroups: decoded(body(ExtensionType.SUPPORTED_GROUPS), decodeSupportedGroups, []),
    ecPointFormats: decoded(body(ExtensionType.EC_POINT_FORMATS), decodeEcPointFormats, []),
    signatureAlgorithms: decoded(body(ExtensionType.SIGNATURE_ALGORITHMS),
      (d) => decodeSignatureAlgorithms(d).map((a) => (a.hashAlgorithm << 8) | a.signatureAlgorithm),
      []),
    firstAlpn: decoded(body(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION),
      (d) => decodeAlpn(d)[0], undefined),
    supportedVersions: decoded(body(ExtensionType.SUPPORTED_VERSIONS),
      (d) => decodeSupportedVersions(d, true), []),
  };
}

/** `decode(data)`, or `fallback` when the extension is absent, empty or truncated. */
function decoded<T>(data: Uint8Array | undefined, decode: (d: Uint8Array) => T, fallback: T): T {
  if (data === undefined || data.length === 0) return fallback;
  try {
    return decode(data);
  } catch (err) {
    if (err instanceof TruncatedMessage) return fallback;
    throw err;
  }
}

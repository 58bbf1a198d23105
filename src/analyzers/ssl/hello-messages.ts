/**
 * ClientHello and ServerHello decoding (RFC 5246 7.4.1.2-3, RFC 8446 4.1.2-3, RFC 6347
 * 4.2.1). Decoding only; the handshake interpreter raises the events.
 */
import { ByteReader } from './byte-reader.js';
import { Version } from './tls-constants.js';

export interface TlsExtension {
  readonly type: number;
  /** The extension body, a view into the message. */
  readonly data: Uint8Array;
}

export interface ClientHello {
  readonly version: number;
  /** The first four random bytes, a timestamp in older implementations. */
  readonly gmtUnixTime: number;
  /** The remaining 28 random bytes. */
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly ciphers: readonly number[];
  readonly compressionMethods: readonly number[];
  readonly extensions: readonly TlsExtension[];
}

export interface ServerHello {
  /** The hello's version field (TLS 1.3 puts 0x0303 here and the real one in an extension). */
  readonly version: number;
  readonly random: Uint8Array;
  /** Empty for TLS 1.3 draft hellos, which carry none. */
  readonly sessionId: Uint8Array;
  readonly cipher: number;
  readonly compressionMethod: number;
  readonly extensions: readonly TlsExtension[];
}

export function parseClientHello(body: Uint8Array): ClientHello {
  const r = new ByteReader(body);
  const version = r.u16();
  const gmtUnixTime = r.u32();
  const random = r.bytes(28);
  const sessionId = r.bytes(r.u8());
  if (version === Version.DTLSv10 || version === Version.DTLSv12) r.bytes(r.u8()); // cookie

  const cipherBytes = r.u16();
  const ciphers: number[] = [];
  const suites = r.sub(cipherBytes);
  while (suites.remaining >= 2) ciphers.push(suites.u16());
  const compressionMethods = Array.from(r.bytes(r.u8()));

  return {
    version, gmtUnixTime, random, sessionId, ciphers, compressionMethods,
    extensions: parseExtensions(r),
  };
}

export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new ByteReader(body);
  const version = r.u16();
  // Draft TLS 1.3 servers name their version here and drop session id and compression.
  if (version === Version.TLSv13 || version >> 8 === 0x7f) {
    const random = r.bytes(32);
    const cipher = r.u16();
    return {
      version, random, sessionId: new Uint8Array(0), cipher, compressionMethod: 0,
      extensions: parseExtensions(r),
    };
  }
  const random = r.bytes(32);
  const sessionId = r.bytes(r.u8());
  const cipher = r.u16();
  const compressionMethod = r.u8();
  return { version, random, sessionId, cipher, compressionMethod, extensions: parseExtensions(r) };
}

/**
 * The optional extensions block. Its declared length is read and then, as Zeek does, the
 * extensions are taken from everything that follows, so a wrong total length does not hide
 * them.
 */
function parseExtensions(r: ByteReader): TlsExtension[] {
  const out: TlsExtension[] = [];
  if (r.remaining < 2) return out;
  r.u16();
  while (r.remaining > 0) {
    const type = r.u16();
    const data = r.bytes(r.u16());
    out.push({ type, data });
  }
  return out;
}

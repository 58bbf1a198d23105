/**
 * Interprets complete handshake messages of one TLS or DTLS connection: decodes hellos,
 * extensions, certificates and the ECDH key exchange, tracks the negotiated version and
 * cipher, and raises the `ssl_*` events in Zeek's order (extension events before their hello,
 * `ssl_handshake_message` after each message).
 */
import type { AnalyzerContext } from '../analyzer.js';
import { ByteReader, TruncatedMessage } from './byte-reader.js';
import type { CertificateFile } from './certificate-file.js';
import {
  decodeAlpn,
  decodeEcPointFormats,
  decodeKeyShareGroups,
  decodeServerNames,
  decodeSignatureAlgorithms,
  decodeSupportedGroups,
  decodeSupportedVersions,
} from './extension-decoders.js';
import { parseClientHello, parseServerHello, type TlsExtension } from './hello-messages.js';
import { ExtensionType, HandshakeType, helloVersionOk } from './tls-constants.js';
import { hasEcdhServerKeyExchange } from './tls-names.js';
import type { TlsSessionState } from './tls-session-state.js';

/** ServerKeyExchange curve_type for a named curve (RFC 8422 5.4). */
const NAMED_CURVE = 3;
/** Session ids are handed to scripts padded to this many bytes, as Zeek does. */
const SESSION_ID_BYTES = 32;

export class TlsHandshake {
  constructor(
    private readonly ctx: AnalyzerContext,
    private readonly state: TlsSessionState,
    /** Reports a violation and stops parsing. */
    private readonly violation: (reason: string) => void,
  ) {}

  /** One complete handshake message from `isOrig`'s side, carried in a record of `recordVersion`. */
  message(isOrig: boolean, type: number, body: Uint8Array, recordVersion: number): void {
    if (this.state.skipping) return;
    try {
      this.dispatch(isOrig, type, body, recordVersion);
    } catch (err) {
      if (!(err instanceof TruncatedMessage)) throw err;
      this.violation(`Binpac exception: ${err.message} in handshake message ${type}`);
      return;
    }
    this.ctx.events.emit(
      'ssl_handshake_message',
      this.ctx.conn,
      this.isClient(isOrig),
      type,
      body.length,
    );
  }

  private dispatch(isOrig: boolean, type: number, body: Uint8Array, recordVersion: number): void {
    switch (type) {
      case HandshakeType.HELLO_REQUEST:
        this.checkDirection(false, isOrig);
        return;
      case HandshakeType.CLIENT_HELLO:
        this.clientHello(isOrig, body, recordVersion);
        return;
      case HandshakeType.SERVER_HELLO:
        this.serverHello(isOrig, body, recordVersion);
        return;
      case HandshakeType.CERTIFICATE:
        this.certificate(isOrig, body);
        return;
      case HandshakeType.SERVER_KEY_EXCHANGE:
        this.serverKeyExchange(body);
        return;
      case HandshakeType.HELLO_VERIFY_REQUEST:
      case HandshakeType.SESSION_TICKET:
      case HandshakeType.CERTIFICATE_REQUEST:
      case HandshakeType.SERVER_HELLO_DONE:
      case HandshakeType.CERTIFICATE_VERIFY:
      case HandshakeType.CLIENT_KEY_EXCHANGE:
      case HandshakeType.FINISHED:
      case HandshakeType.CERTIFICATE_URL:
      case HandshakeType.CERTIFICATE_STATUS:
        return;
      default:
        this.violation(`unknown handshake message (${type}) from ${side(isOrig)}`);
    }
  }

  private clientHello(isOrig: boolean, body: Uint8Array, recordVersion: number): void {
    this.checkDirection(true, isOrig);
    const hello = parseClientHello(body);
    this.extensions(isOrig, HandshakeType.CLIENT_HELLO, hello.extensions);

    if (!helloVersionOk(hello.version)) {
      this.violation(`unsupported client SSL version 0x${hex4(hello.version)}`);
    } else {
      this.ctx.confirm();
    }
    this.ctx.events.emit(
      'ssl_client_hello',
      this.ctx.conn,
      hello.version,
      recordVersion,
      hello.gmtUnixTime,
      hello.random,
      padSessionId(hello.sessionId),
      hello.ciphers,
      hello.compressionMethods,
    );
  }

  private serverHello(isOrig: boolean, body: Uint8Array, recordVersion: number): void {
    this.checkDirection(false, isOrig);
    const hello = parseServerHello(body);
    this.extensions(isOrig, HandshakeType.SERVER_HELLO, hello.extensions);
    this.state.setVersion(hello.version);
    this.state.chosenCipher = hello.cipher;

    if (!helloVersionOk(hello.version)) {
      this.violation(`unsupported server SSL version 0x${hex4(hello.version)}`);
    }
    const ts = new ByteReader(hello.random).u32();
    this.ctx.events.emit(
      'ssl_server_hello',
      this.ctx.conn,
      hello.version,
      recordVersion,
      ts,
      hello.random,
      padSessionId(hello.sessionId),
      hello.cipher,
      hello.compressionMethod,
    );
  }

  /** Raises the specific event of each extension Zeek decodes, then `ssl_extension`. */
  private extensions(isOrig: boolean, msgType: number, list: readonly TlsExtension[]): void {
    const isClient = this.isClient(isOrig);
    for (const ext of list) {
      if (ext.data.length > 0) this.extension(isClient, msgType, ext);
      this.ctx.events.emit('ssl_extension', this.ctx.conn, isClient, ext.type, ext.data);
    }
  }

  private extension(isClient: boolean, msgType: number, ext: TlsExtension): void {
    const { conn, events } = this.ctx;
    switch (ext.type) {
      case ExtensionType.SERVER_NAME:
        this.serverName(isClient, ext.data);
        return;
      case ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION:
        events.emit(
          'ssl_extension_application_layer_protocol_negotiation',
          conn,
          isClient,
          decodeAlpn(ext.data),
        );
        return;
      case ExtensionType.SUPPORTED_VERSIONS: {
        const versions = decodeSupportedVersions(ext.data, isClient);
        if (!isClient) this.state.setVersion(versions[0]);
        events.emit('ssl_extension_supported_versions', conn, isClient, versions);
        return;
      }
      case ExtensionType.SUPPORTED_GROUPS:
        events.emit(
          'ssl_extension_elliptic_curves',
          conn,
          isClient,
          decodeSupportedGroups(ext.data),
        );
        return;
      case ExtensionType.EC_POINT_FORMATS:
        events.emit(
          'ssl_extension_ec_point_formats',
          conn,
          isClient,
          decodeEcPointFormats(ext.data),
        );
        return;
      case ExtensionType.SIGNATURE_ALGORITHMS:
        events.emit(
          'ssl_extension_signature_algorithm',
          conn,
          isClient,
          decodeSignatureAlgorithms(ext.data),
        );
        return;
      case ExtensionType.KEY_SHARE:
      case ExtensionType.KEY_SHARE_OLD:
        events.emit(
          'ssl_extension_key_share',
          conn,
          isClient,
          decodeKeyShareGroups(ext.data, msgType === HandshakeType.CLIENT_HELLO),
        );
        return;
      // Other extensions only raise `ssl_extension`.
    }
  }

  private serverName(isClient: boolean, data: Uint8Array): void {
    const decoded = decodeServerNames(data);
    for (const t of decoded.unknownTypes)
      this.ctx.weird('ssl_ext_unknown_server_name_type', `${t}`);
    if (isClient && decoded.names.length > 1) {
      const names = decoded.names.map((n) => Buffer.from(n).toString('latin1')).join(', ');
      this.ctx.weird('SSL_many_server_names', `[${names}]`);
    }
    this.ctx.events.emit('ssl_extension_server_name', this.ctx.conn, isClient, decoded.names);
  }

  /** Certificate (RFC 5246 7.4.2): a 24-bit length, then 24-bit-length-prefixed DER blobs. */
  private certificate(isOrig: boolean, body: Uint8Array): void {
    const outer = new ByteReader(body);
    const list = outer.sub(outer.u24());
    const certs: Uint8Array[] = [];
    while (list.remaining > 0) certs.push(list.bytes(list.u24()));
    this.handOffCertificates(this.isClient(isOrig), certs);
  }

  private handOffCertificates(isClient: boolean, certs: readonly Uint8Array[]): void {
    const { conn, events } = this.ctx;
    for (let index = 0; index < certs.length; index++) {
      if (certs[index].length === 0) {
        this.ctx.weird('zero_length_certificate');
        continue;
      }
      const file: CertificateFile = {
        conn,
        ts: this.ctx.now(),
        isClient,
        index,
        der: certs[index].slice(),
        weird: (name, addl) => this.ctx.weird(name, addl),
      };
      events.emit('ssl_certificate_file', file);
    }
  }

  /** The curve of an ECDHE or anonymous ECDH key exchange; other exchanges are not decoded. */
  private serverKeyExchange(body: Uint8Array): void {
    if (!hasEcdhServerKeyExchange(this.state.chosenCipher)) return;
    const r = new ByteReader(body);
    if (r.u8() !== NAMED_CURVE) return;
    const curve = r.u16();
    const point = r.bytes(r.u8());
    this.ctx.events.emit('ssl_ecdh_server_params', this.ctx.conn, curve, point);
  }

  /**
   * Hellos say who the client is. When the client's hello comes from the responder the roles
   * flip (and flip back, with a weird, if a later message contradicts that).
   */
  private checkDirection(fromClientExpected: boolean, isOrig: boolean): void {
    const s = this.state;
    if (s.flipped) {
      if (fromClientExpected !== isOrig) return;
      s.flipped = false;
      this.ctx.events.emit('ssl_connection_flipped', this.ctx.conn);
      if (!s.alertedDirection) {
        s.alertedDirection = true;
        this.ctx.weird('SSL_unclear_connection_direction');
      }
    } else if (fromClientExpected !== isOrig) {
      s.flipped = true;
      this.ctx.events.emit('ssl_connection_flipped', this.ctx.conn);
    }
  }

  private isClient(isOrig: boolean): boolean {
    return isOrig !== this.state.flipped;
  }
}

function side(isOrig: boolean): string {
  return isOrig ? 'originator' : 'responder';
}

function hex4(v: number): string {
  return v.toString(16).padStart(4, '0');
}

/** Zeek hands session ids to scripts as 32 bytes, zero-padded, and longer ones as empty. */
function padSessionId(id: Uint8Array): Uint8Array {
  const out = new Uint8Array(SESSION_ID_BYTES);
  if (id.length <= SESSION_ID_BYTES) out.set(id);
  return out;
}

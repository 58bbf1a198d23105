/**
 * Synchronous, typed events. Handlers run in priority order (higher first, as Zeek's `&priority`)
 * and then in subscription order, on the caller's thread, when the event is raised. The built-in
 * logs subscribe through this same API a user's handler uses.
 */
import type { FileState, HashKind } from '../analyzers/files/file-state.js';
import type { ExtractionError } from '../analyzers/files/file-extractor.js';
import type { HttpHeader } from '../analyzers/http/http-header.js';
import type { HttpMessageStat } from '../analyzers/http/http-message-stat.js';
import type { DnsEvents } from '../analyzers/dns/dns-events.js';
import type { SshCapabilities } from '../analyzers/ssh/ssh-capabilities.js';
import type { CertificateFile } from '../analyzers/ssl/certificate-file.js';
import type { SignatureAndHashAlgorithm } from '../analyzers/ssl/extension-decoders.js';
import type { X509Certificate } from '../analyzers/x509/x509-certificate.js';
import type { DhcpEvents } from '../analyzers/dhcp/dhcp-events.js';
import type { IrcEvents } from '../analyzers/irc/irc-events.js';
import type { NtpEvents } from '../analyzers/ntp/ntp-events.js';
import type { QuicEvents } from '../analyzers/quic/quic-events.js';
import type { SnmpEvents } from '../analyzers/snmp/snmp-events.js';
import type { MimeEvents } from '../analyzers/mime/mime-events.js';
import type { SmtpEvents } from '../analyzers/smtp/smtp-events.js';
import type { Connection } from '../stages/connection.js';
import type { EncapsulatingConn } from '../stages/tunnels/encapsulating-conn.js';
import type { WeirdInfo } from './weird-info.js';

/** The events wirelog raises, with their arguments; names are Zeek's. */
export interface CoreEvents
  extends DhcpEvents, DnsEvents, IrcEvents, NtpEvents, QuicEvents, SnmpEvents, SmtpEvents,
    MimeEvents {
  /** A connection was seen for the first time. */
  new_connection: [c: Connection];
  /** An analyzer another connection announced was attached to this new one. */
  scheduled_analyzer_applied: [c: Connection, analyzer: string];
  /** Originator and responder were swapped after the connection was created. */
  connection_flipped: [c: Connection];
  /** A TCP SYN got no answer within the attempt delay. */
  connection_attempt: [c: Connection];
  /** The responder answered the SYN with a SYN-ACK. */
  connection_established: [c: Connection];
  /** The responder reset a connection attempt. */
  connection_rejected: [c: Connection];
  /** Both sides closed normally (FIN). */
  connection_finished: [c: Connection];
  /** One side closed and the other never became active. */
  connection_half_finished: [c: Connection];
  /** One side sent a RST. */
  connection_reset: [c: Connection];
  /** Both sides of a connection without a handshake were seen. */
  partial_connection: [c: Connection];
  /** The connection went idle past its inactivity timeout. */
  connection_timeout: [c: Connection];
  /** The connection's state is about to be discarded; its conn.log row is written here. */
  connection_state_remove: [c: Connection];
  /** Bytes acknowledged but never seen (a capture gap). */
  content_gap: [c: Connection, isOrig: boolean, seq: number, length: number];
  /**
   * A known connection's packets now come through other tunnels (`e`, outermost first; empty
   * when they now come untunnelled).
   */
  tunnel_changed: [c: Connection, e: readonly EncapsulatingConn[]];
  /**
   * A protocol analyzer reported that the traffic is not its protocol (`analyzer` is its name,
   * e.g. `HTTP`; `data` the offending bytes, when it named them).
   */
  analyzer_violation_info: [
    c: Connection, analyzer: string, reason: string, data: Uint8Array | undefined,
  ];
  /**
   * Dynamic protocol detection gave up on the analyzer after a violation at network time `ts`:
   * it was switched off for the connection (or was already gone). Handlers before priority -5
   * still see its service; the service is dropped at -5.
   */
  analyzer_failed: [
    ts: number, c: Connection, analyzer: string, reason: string, data: Uint8Array | undefined,
  ];
  /** A surprising or malformed input, reported by any stage. */
  weird: [w: WeirdInfo];
  /** End of input, after every connection was flushed. */
  zeek_done: [];

  /** An HTTP request line: method, URI as sent and %-decoded, version (`1.1`). */
  http_request: [
    c: Connection, method: Uint8Array, originalUri: Uint8Array, unescapedUri: Uint8Array,
    version: string,
  ];
  /** An HTTP status line; `reason` is `<empty>` when the line has none. */
  http_reply: [c: Connection, version: string, code: number, reason: Uint8Array];
  /** One header field; `name` is upper-cased. */
  http_header: [
    c: Connection, isOrig: boolean, originalName: Uint8Array, name: string, value: Uint8Array,
  ];
  /** All header fields of a message, in order (raised only when something listens). */
  http_all_headers: [c: Connection, isOrig: boolean, headers: readonly HttpHeader[]];
  /** An HTTP message's entity (headers and body) starts or ends. */
  http_begin_entity: [c: Connection, isOrig: boolean];
  http_end_entity: [c: Connection, isOrig: boolean];
  /** An HTTP message ended. */
  http_message_done: [c: Connection, isOrig: boolean, stat: HttpMessageStat];
  /** Something odd in HTTP that is not a weird (Zeek's http_event). */
  http_event: [c: Connection, eventType: string, detail: Uint8Array];

  /** The files framework saw a new file. */
  file_new: [f: FileState];
  /** A file was seen over a connection (the first one included). */
  file_over_new_connection: [f: FileState, c: Connection, isOrig: boolean];
  /** The file's first bytes were sniffed; `mimeType` is unset when nothing matched. */
  file_sniff: [f: FileState, meta: { readonly mimeType: string | undefined }];
  /** A digest of the whole file. */
  file_hash: [f: FileState, kind: HashKind, hash: string];
  /** Writing the extracted copy failed; extraction of this file stopped. */
  file_extraction_error: [f: FileState, error: ExtractionError];
  /** The file went idle for its timeout interval, or was still open at the end of input. */
  file_timeout: [f: FileState];
  /** The file is done; files.log rows are written here. */
  file_state_remove: [f: FileState];

  // SSH (wire strings hold one character per byte; see analyzers/wire-text.ts)
  /** The client's identification string (`SSH-2.0-...`), without its line end. */
  ssh_client_version: [c: Connection, version: string];
  /** The server's identification string. */
  ssh_server_version: [c: Connection, version: string];
  /** A line the server sent before its identification string. */
  ssh_server_pre_banner_data: [c: Connection, data: string];
  /** One side's KEXINIT. */
  ssh_capabilities: [c: Connection, cookie: string, capabilities: SshCapabilities];
  /** MD5 fingerprint (`aa:bb:...`) of the server's host key. */
  ssh_server_host_key: [c: Connection, hash: string];
  /** SHA256 fingerprint (`SHA256:...`) of the server's host key. */
  ssh_server_host_key_fingerprint: [c: Connection, fingerprint: string];
  /** The server's SSH-2 host key blob. */
  ssh2_server_host_key: [c: Connection, key: Uint8Array];
  /** An authentication attempt inferred from encrypted packet sizes. */
  ssh_auth_attempted: [c: Connection, authenticated: boolean];
  /** Authentication succeeded; `authMethodNone` when no credentials were needed. */
  ssh_auth_successful: [c: Connection, authMethodNone: boolean];
  /** Raised by ssh.log's script logic once the authentication outcome is known. */
  ssh_auth_result: [c: Connection, result: boolean, authAttempts: number];
  /** Authentication was judged to have failed (at connection end). */
  ssh_auth_failed: [c: Connection];
  /** A TCP segment of encrypted SSH data, `len` bytes. */
  ssh_encrypted_packet: [c: Connection, orig: boolean, len: number];
  /** An ECDH public key (client's `Q_C` or server's `Q_S`). */
  ssh2_ecc_key: [c: Connection, isOrig: boolean, q: Uint8Array];
  /** The server's Diffie-Hellman group-exchange parameters. */
  ssh2_dh_server_params: [c: Connection, p: Uint8Array, q: Uint8Array];

  // FTP
  /** A client command, upper-cased, and its argument (empty when none). */
  ftp_request: [c: Connection, command: string, arg: string];
  /** A server reply line: code (0 inside a multi-line reply), text, continuation flag. */
  ftp_reply: [c: Connection, code: number, msg: string, contResp: boolean];
  /** The server accepted AUTH TLS: what follows on the control channel is TLS. */
  ftp_starttls: [c: Connection];
  /**
   * The FTP data analyzer's first bytes (both directions, up to 1024) were identified (Zeek's
   * `file_transferred`): `mimeType` is the best signature match, or `<unknown>` without one.
   * `prefix` is a view valid only during the event.
   */
  file_transferred: [c: Connection, prefix: Uint8Array, descr: string, mimeType: string];
  // TLS and DTLS (base/protocols/ssl). `isClient` is the TLS role, which is the originator's
  // unless the analyzer saw the roles reversed. Byte arguments are views valid only during
  // the event: copy what you keep.
  /** A ClientHello; `sessionId` is padded to 32 bytes, `recordVersion` 0 for SSLv2. */
  ssl_client_hello: [c: Connection, version: number, recordVersion: number, possibleTs: number,
    clientRandom: Uint8Array, sessionId: Uint8Array, ciphers: readonly number[],
    compMethods: readonly number[]];
  /** A ServerHello; `version` is the hello's field (TLS 1.3 names itself in an extension). */
  ssl_server_hello: [c: Connection, version: number, recordVersion: number, possibleTs: number,
    serverRandom: Uint8Array, sessionId: Uint8Array, cipher: number, compMethod: number];
  /** Any hello extension, raised after its specific event. */
  ssl_extension: [c: Connection, isClient: boolean, code: number, val: Uint8Array];
  ssl_extension_server_name: [c: Connection, isClient: boolean, names: readonly Uint8Array[]];
  ssl_extension_application_layer_protocol_negotiation: [c: Connection, isClient: boolean,
    protocols: readonly Uint8Array[]];
  ssl_extension_supported_versions: [c: Connection, isClient: boolean, versions: readonly number[]];
  /** supported_groups (elliptic_curves) in the order listed. */
  ssl_extension_elliptic_curves: [c: Connection, isClient: boolean, curves: readonly number[]];
  ssl_extension_ec_point_formats: [c: Connection, isClient: boolean,
    pointFormats: readonly number[]];
  ssl_extension_signature_algorithm: [c: Connection, isClient: boolean,
    signatureAlgorithms: readonly SignatureAndHashAlgorithm[]];
  /** Key share groups: the client's offers, or the one the server chose or asks for. */
  ssl_extension_key_share: [c: Connection, isClient: boolean, curves: readonly number[]];
  /** The named curve of an ECDHE ServerKeyExchange. */
  ssl_ecdh_server_params: [c: Connection, curve: number, point: Uint8Array];
  /** Any unencrypted handshake message, after its specific event. */
  ssl_handshake_message: [c: Connection, isClient: boolean, msgType: number, length: number];
  ssl_change_cipher_spec: [c: Connection, isClient: boolean];
  ssl_alert: [c: Connection, isClient: boolean, level: number, desc: number];
  ssl_heartbeat: [c: Connection, isClient: boolean, length: number, heartbeatType: number,
    payloadLength: number, payload: Uint8Array];
  /** An unencrypted record of any type. */
  ssl_plaintext_data: [c: Connection, isClient: boolean, recordVersion: number,
    contentType: number, length: number];
  /** The TLS roles turned out reversed relative to originator and responder (or back). */
  ssl_connection_flipped: [c: Connection];
  /** Both sides sent encrypted records: the handshake completed. */
  ssl_established: [c: Connection];
  /** The SSL or DTLS analyzer found the traffic malformed and stopped. */
  ssl_analyzer_violation: [c: Connection, analyzer: string, reason: string];
  /**
   * A certificate from a Certificate message, before X.509 analysis (the TLS counterpart of
   * Zeek's `file_sniff` for certificate files).
   */
  ssl_certificate_file: [f: CertificateFile];
  /** A certificate that parsed (base/files/x509). */
  x509_certificate: [f: CertificateFile, cert: X509Certificate];
}

type Handler<A extends unknown[]> = (...args: A) => void;

interface Subscription {
  readonly handler: (...args: unknown[]) => void;
  readonly priority: number;
}

export class EventBus<M extends { [K in keyof M]: unknown[] } = CoreEvents> {
  private readonly handlers = new Map<keyof M, Subscription[]>();

  /** Subscribes `handler` to `name`; higher `priority` runs first. */
  on<K extends keyof M>(name: K, handler: Handler<M[K]>, priority = 0): void {
    const list = this.handlers.get(name) ?? [];
    list.push({ handler: handler as unknown as Subscription['handler'], priority });
    list.sort((a, b) => b.priority - a.priority);
    this.handlers.set(name, list);
  }

  /** Whether anything listens to `name`; lets callers skip building costly arguments. */
  has(name: keyof M): boolean {
    return this.handlers.has(name);
  }

  /** Runs every handler of `name` now, in order. */
  emit<K extends keyof M>(name: K, ...args: M[K]): void {
    const list = this.handlers.get(name);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) list[i].handler(...args);
  }
}

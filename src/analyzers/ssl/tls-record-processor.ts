/**
 * What one TLS or DTLS record means once it is framed: plaintext records (change cipher spec,
 * alerts, handshake, heartbeat) are decoded; ciphertext ones only advance the connection to
 * `established` once both sides encrypt (RFC 5246 7.1; for TLS 1.3, whose change cipher spec
 * is a no-op, encryption starts with the first application-data record of a side).
 */
import type { AnalyzerContext } from '../analyzer.js';
import { HandshakeFramer, type HandshakeFramerLimits } from './handshake-framer.js';
import { ContentType, Version, isTls13 } from './tls-constants.js';
import { V2_CONTENT_TYPE_OFFSET } from './tls-record-framer.js';
import type { TlsHandshake } from './tls-handshake.js';
import type { TlsSessionState } from './tls-session-state.js';

export interface TlsRecordLimits extends HandshakeFramerLimits {
  /** Alerts decoded per record before the rest are dropped with a weird (TLS 1.3: one). */
  readonly maxAlertsPerRecord: number;
}

export const DEFAULT_TLS_RECORD_LIMITS: TlsRecordLimits = {
  maxAlertsPerRecord: 10,
  maxMessageBytes: 1 << 24,
};

const ALERT_BYTES = 2;
const HEARTBEAT_HEADER_BYTES = 3;

export class TlsRecordProcessor {
  private origEncrypted = false;
  private respEncrypted = false;
  /** Both sides encrypt: `ssl_established` was raised. */
  established = false;
  private readonly framers: [HandshakeFramer, HandshakeFramer];

  constructor(
    private readonly ctx: AnalyzerContext,
    private readonly state: TlsSessionState,
    private readonly handshake: TlsHandshake,
    private readonly violation: (reason: string) => void,
    private readonly limits: TlsRecordLimits = DEFAULT_TLS_RECORD_LIMITS,
  ) {
    this.framers = [new HandshakeFramer(limits), new HandshakeFramer(limits)];
  }

  /**
   * One TLS record. Application data in the clear switches a side to encrypted when the
   * negotiated version is not one of TLS 1.2 or older (TLS 1.3 sends no meaningful CCS).
   */
  tlsRecord(isOrig: boolean, contentType: number, rawVersion: number, body: Uint8Array): void {
    if (this.encrypted(isOrig)) {
      this.ciphertext();
      return;
    }
    if (contentType === ContentType.APPLICATION_DATA && !isPreTls13(this.state.chosenVersion)) {
      this.startEncryption(isOrig);
      this.ciphertext();
      return;
    }
    this.plaintext(isOrig, contentType, rawVersion, body);
  }

  /** One DTLS record: epoch 0 is in the clear, later epochs are encrypted (RFC 6347 4.1). */
  dtlsRecord(isOrig: boolean, contentType: number, epoch: number, body: Uint8Array): void {
    if (epoch !== 0) this.ciphertext();
    else this.plaintext(isOrig, contentType, 0, body);
  }

  /** A complete handshake message (DTLS hands them over already reassembled). */
  handshakeMessage(isOrig: boolean, type: number, body: Uint8Array, rawVersion: number): void {
    this.handshake.message(isOrig, type, body, rawVersion);
  }

  private plaintext(isOrig: boolean, contentType: number, rawVersion: number, body: Uint8Array) {
    switch (contentType) {
      case ContentType.CHANGE_CIPHER_SPEC:
        for (let i = 0; i < body.length; i++) this.changeCipherSpec(isOrig);
        break;
      case ContentType.ALERT:
        this.alerts(isOrig, body);
        break;
      case ContentType.HANDSHAKE:
        this.handshakeRecord(isOrig, body, rawVersion);
        break;
      case ContentType.HEARTBEAT:
        this.heartbeat(isOrig, body);
        break;
      case ContentType.APPLICATION_DATA:
        break;
      default:
        if (contentType >= V2_CONTENT_TYPE_OFFSET) {
          // TODO: SSLv2 messages are framed but not decoded; such connections log no hello.
          return;
        }
        this.violation(`unknown SSL record type (${contentType}) from ${side(isOrig)}`);
        return;
    }
    this.ctx.events.emit('ssl_plaintext_data', this.ctx.conn, this.isClient(isOrig), rawVersion,
      contentType, body.length);
  }

  /**
   * Handshake-protocol bytes of one direction, framed into messages here: a record's payload,
   * or a stream without records (QUIC CRYPTO frames).
   */
  handshakeRecord(isOrig: boolean, body: Uint8Array, rawVersion: number): void {
    const result = this.framers[isOrig ? 0 : 1].push(body, (type, msg) => {
      this.handshake.message(isOrig, type, msg, rawVersion);
    });
    if (result === 'too_large') this.violation('handshake message exceeds the size limit');
  }

  private changeCipherSpec(isOrig: boolean): void {
    this.ctx.events.emit('ssl_change_cipher_spec', this.ctx.conn, this.isClient(isOrig));
    if (!isTls13(this.state.chosenVersion)) this.startEncryption(isOrig);
  }

  private alerts(isOrig: boolean, body: Uint8Array): void {
    const max = isTls13(this.state.chosenVersion) ? 1 : this.limits.maxAlertsPerRecord;
    let count = Math.floor(body.length / ALERT_BYTES);
    if (count > max) {
      this.ctx.weird('SSL_excessive_alerts_in_record', `${count}`);
      count = max;
    }
    for (let i = 0; i < count; i++) {
      this.ctx.events.emit('ssl_alert', this.ctx.conn, this.isClient(isOrig), body[2 * i],
        body[2 * i + 1]);
    }
  }

  private heartbeat(isOrig: boolean, body: Uint8Array): void {
    if (body.length < HEARTBEAT_HEADER_BYTES) {
      this.violation('truncated heartbeat record');
      return;
    }
    const payloadLength = (body[1] << 8) | body[2];
    this.ctx.events.emit('ssl_heartbeat', this.ctx.conn, this.isClient(isOrig), body.length,
      body[0], payloadLength, body.subarray(HEARTBEAT_HEADER_BYTES));
  }

  private ciphertext(): void {
    if (!this.origEncrypted || !this.respEncrypted || this.established) return;
    this.established = true;
    this.ctx.events.emit('ssl_established', this.ctx.conn);
  }

  private encrypted(isOrig: boolean): boolean {
    return isOrig ? this.origEncrypted : this.respEncrypted;
  }

  private startEncryption(isOrig: boolean): void {
    if (isOrig) this.origEncrypted = true;
    else this.respEncrypted = true;
  }

  private isClient(isOrig: boolean): boolean {
    return isOrig !== this.state.flipped;
  }
}

/** SSL 2 through TLS 1.2: versions whose application data is never mistaken for TLS 1.3's. */
function isPreTls13(version: number): boolean {
  return version === Version.SSLv2 || version === Version.SSLv3 || version === Version.TLSv10 ||
    version === Version.TLSv11 || version === Version.TLSv12;
}

function side(isOrig: boolean): string {
  return isOrig ? 'originator' : 'responder';
}

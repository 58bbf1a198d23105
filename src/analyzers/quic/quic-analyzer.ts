/**
 * The QUIC analyzer: walks the packets of each datagram, raises an event per long-header
 * packet, decrypts the Initial packets (their keys are public, RFC 9001 5.2) and passes the
 * TLS ClientHello and ServerHello found in their CRYPTO frames to an SSL child analyzer. The
 * protocol is confirmed by the first Initial packet that decrypts. A malformed packet ends its
 * datagram with a protocol violation; what was reported before it still counts.
 */
import type { Analyzer, AnalyzerContext } from '../analyzer.js';
import { tlsRecordStream } from '../ssl/starttls.js';
import { decryptInitial } from './initial-protection.js';
import { readFrames } from './quic-frames.js';
import { CryptoSide, QuicContext } from './quic-context.js';
import { readLongHeader, type LongHeader } from './long-header.js';
import type { QuicAnalyzerOptions } from './quic-options.js';
import { QuicParseError, QuicReader } from './quic-reader.js';

const LONG_HEADER_BIT = 0x80;
/** RFC 9000 17.2: packets with this bit clear are not QUIC v1/v2 and are discarded. */
const FIXED_BIT = 0x40;
/** Short-header events fire at counts 1, 2, 4, 8 ... of each side. */
const SHORT_HEADER_THRESHOLD_BASE = 2;

export class QuicAnalyzer implements Analyzer {
  private readonly q = new QuicContext();
  /** The SSL analyzer the handshake goes to, created on first use, replaced after a Retry. */
  private ssl: Analyzer | undefined;

  constructor(
    private readonly ctx: AnalyzerContext,
    private readonly options: QuicAnalyzerOptions,
  ) {}

  deliverPacket(isOrig: boolean, data: Uint8Array): void {
    const r = new QuicReader(data);
    try {
      while (r.remaining > 0) this.packet(isOrig, r);
    } catch (err) {
      if (!(err instanceof QuicParseError)) throw err;
      this.ctx.violation(err.message);
    }
  }

  private packet(isOrig: boolean, r: QuicReader): void {
    this.ensureCrypto();
    const first = r.peek();
    if ((first & FIXED_BIT) === 0) {
      r.skip(r.remaining);
      this.discarded(isOrig);
      return;
    }
    if ((first & LONG_HEADER_BIT) === 0) {
      this.shortHeader(isOrig, r);
      return;
    }

    const start = r.pos;
    const h = readLongHeader(r);
    this.raiseLongHeader(isOrig, h);
    if (h.type === 'retry') this.retry();
    const side = isOrig ? this.q.clientCrypto : this.q.serverCrypto;
    if (h.type !== 'initial' || side === undefined || !this.canDecrypt(isOrig, side)) return;
    this.decrypt(isOrig, h, r.data.subarray(start, start + h.size), side);
  }

  private raiseLongHeader(isOrig: boolean, h: LongHeader): void {
    const { conn, events } = this.ctx;
    switch (h.type) {
      case 'initial':
        return events.emit('QUIC::initial_packet', conn, isOrig, h.version, h.dcid, h.scid);
      case 'handshake':
        return events.emit('QUIC::handshake_packet', conn, isOrig, h.version, h.dcid, h.scid);
      case 'zero_rtt':
        return events.emit('QUIC::zero_rtt_packet', conn, isOrig, h.version, h.dcid, h.scid);
      case 'retry':
        return events.emit('QUIC::retry_packet', conn, isOrig, h.version, h.dcid, h.scid,
          h.retryToken!, h.integrityTag!);
      case 'unhandled':
        events.emit('QUIC::unhandled_version', conn, isOrig, h.version, h.dcid, h.scid);
        throw new QuicParseError(`unhandled QUIC version 0x${h.version.toString(16)}`);
    }
  }

  /** The handshake starts over: new keys, new CRYPTO streams, a new SSL analyzer. */
  private retry(): void {
    this.ssl?.endOfData?.(true);
    this.ssl?.endOfData?.(false);
    this.ssl = undefined;
    this.q.resetCrypto();
  }

  /**
   * Only a side's first handshake message is read, and the server's Initial keys need the
   * client's first Destination Connection ID.
   */
  private canDecrypt(isOrig: boolean, side: CryptoSide): boolean {
    if (!isOrig && this.q.initialDcid === undefined) return false;
    return !side.message.finished;
  }

  private decrypt(isOrig: boolean, h: LongHeader, packet: Uint8Array, side: CryptoSide): void {
    this.noteConnectionIds(isOrig, h);
    const result = decryptInitial(
      { packet, pnOffset: h.pnOffset, payloadLength: h.payloadLength },
      this.q.keys(h.version, isOrig), this.options.maxDecryptPayloadBytes);
    if (!result.ok) throw new QuicParseError(result.reason);
    if (result.plaintext.length === 0) throw new QuicParseError('decryption failed');

    this.ctx.confirm();
    this.q.totalDecrypted++;
    readFrames(result.plaintext, {
      crypto: (offset, data) => this.cryptoFrame(side, offset, data),
      connectionClose: (code, reason) => this.ctx.events.emit('QUIC::connection_close_frame',
        this.ctx.conn, isOrig, h.version, h.dcid, h.scid, code, reason),
    });
  }

  /** Connection id lengths as the Initial packets show them; the client's DCID keys both sides. */
  private noteConnectionIds(isOrig: boolean, h: LongHeader): void {
    this.q.serverCidLen = isOrig ? h.dcid.length : h.scid.length;
    this.q.clientCidLen = isOrig ? h.scid.length : h.dcid.length;
    if (isOrig && this.q.initialDcid === undefined) this.q.initialDcid = h.dcid.slice();
  }

  private cryptoFrame(side: CryptoSide, offset: number, data: Uint8Array): void {
    if (side.stream.write(offset, data) === 'over_limit') {
      this.ctx.weird('QUIC_crypto_buffer_limit_reached',
        `offset=${offset} limit=${this.options.maxCryptoBufferBytes}`);
      this.ctx.partial();
    }
    const { length } = side.message;
    if (length > 0 && side.stream.delivered > length) {
      const delivered = side.stream.delivered;
      throw new QuicParseError(`too much crypto data received ${delivered} > ${length}`);
    }
  }

  /**
   * A short header holds a Destination Connection ID, read with the length the client's id
   * had in the Initial packets; the rest is encrypted and skipped.
   */
  private shortHeader(isOrig: boolean, r: QuicReader): void {
    r.skip(1 + this.q.clientCidLen);
    const k = isOrig ? 0 : 1;
    const total = ++this.q.shortTotal[k];
    if (total === this.q.shortNextThreshold[k]) {
      this.q.shortNextThreshold[k] *= SHORT_HEADER_THRESHOLD_BASE;
      this.ctx.events.emit('QUIC::short_header_packet_threshold_crossed', this.ctx.conn, isOrig,
        total);
    }
    r.skip(r.remaining);
  }

  private discarded(isOrig: boolean): void {
    const total = ++this.q.totalDiscarded;
    const { discardedPacketEvents: raise, maxDiscardedPacketEvents: max } = this.options;
    if (!raise || this.q.totalDecrypted === 0 || (max !== 0 && total > max)) return;
    this.ctx.events.emit('QUIC::discarded_packet', this.ctx.conn, isOrig, this.q.totalDecrypted);
  }

  private ensureCrypto(): void {
    if (this.q.clientCrypto !== undefined) return;
    const max = this.options.maxCryptoBufferBytes;
    this.q.clientCrypto = new CryptoSide((data) => this.toSsl(true, data), max);
    this.q.serverCrypto = new CryptoSide((data) => this.toSsl(false, data), max);
  }

  /**
   * Handshake bytes, framed as TLS records, for the SSL analyzer. It runs whatever scripts are
   * loaded, as Zeek's does: quic.log takes SNI and ALPN from its events.
   */
  private toSsl(isOrig: boolean, data: Uint8Array): void {
    this.ssl ??= tlsRecordStream(this.ctx, 'quic');
    this.ssl.deliverStream?.(isOrig, data);
  }
}

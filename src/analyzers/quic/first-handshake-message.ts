/**
 * Takes one side's in-order CRYPTO bytes and passes the first TLS handshake message on to the
 * SSL analyzer, framed as a TLS 1.2 handshake record (RFC 8446 5.1), so the ClientHello or
 * ServerHello is analysed as in TLS over TCP. Later messages are encrypted with handshake keys
 * a monitor does not have; once the first message is through, this side is finished.
 */
import { QuicParseError } from './quic-reader.js';

const MESSAGE_HEADER_BYTES = 4;
/** RFC 8446 5.1: a record, and so this message, holds at most 2^14 + 256 bytes. */
const MAX_MESSAGE_BYTES = 2 ** 14 + 256;
const HANDSHAKE_RECORD = 0x16;
/** legacy_record_version of a TLS 1.3 record: 3,3 (TLS 1.2). */
const RECORD_VERSION = [0x03, 0x03];

export class FirstHandshakeMessage {
  /** The message's bytes with its 4-byte header; 0 until the header is in. */
  length = 0;
  /** The whole message went to the SSL analyzer. */
  finished = false;
  /** The declared length was over the bound: nothing more is passed on. */
  private failed = false;
  private readonly header = new Uint8Array(MESSAGE_HEADER_BYTES);
  private headerFill = 0;
  private bodyLeft = 0;

  constructor(
    /** Receives the record's bytes, possibly in several pieces; views valid during the call. */
    private readonly forward: (data: Uint8Array) => void,
  ) {}

  /**
   * The next in-order bytes. Bytes after a finished message mean the peer sent more than one
   * message in the Initial space: a parse error, which ends the datagram.
   */
  push(data: Uint8Array): void {
    if (this.failed) return;
    if (this.finished) {
      throw new QuicParseError('more CRYPTO data after the first handshake message');
    }
    const used = this.headerFill < MESSAGE_HEADER_BYTES ? this.takeHeader(data) : 0;
    if (this.headerFill < MESSAGE_HEADER_BYTES || this.failed) return;

    const body = data.subarray(used, used + this.bodyLeft);
    if (body.length > 0) this.forward(body);
    this.bodyLeft -= body.length;
    if (this.bodyLeft === 0) this.finished = true;
  }

  /** Fills the message header; once complete, sends the record header ahead of it. */
  private takeHeader(data: Uint8Array): number {
    const n = Math.min(MESSAGE_HEADER_BYTES - this.headerFill, data.length);
    this.header.set(data.subarray(0, n), this.headerFill);
    this.headerFill += n;
    if (this.headerFill < MESSAGE_HEADER_BYTES) return n;

    const h = this.header;
    this.length = ((h[1] << 16) | (h[2] << 8) | h[3]) + MESSAGE_HEADER_BYTES;
    if (this.length > MAX_MESSAGE_BYTES) {
      this.failed = true;
      return n;
    }
    this.bodyLeft = this.length - MESSAGE_HEADER_BYTES;
    this.forward(Uint8Array.from([HANDSHAKE_RECORD, ...RECORD_VERSION, this.length >> 8,
      this.length & 0xff, ...h]));
    return n;
  }
}

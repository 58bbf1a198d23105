/**
 * Frames of a decrypted Initial packet (RFC 9000 19). Initial packets may carry only PADDING,
 * PING, ACK, CRYPTO and CONNECTION_CLOSE (RFC 9000 12.4); any other type is a parse error that
 * ends the datagram, as it would for a stack that received it.
 */
import { QuicParseError, QuicReader } from './quic-reader.js';

const PADDING = 0x00;
const PING = 0x01;
const ACK = 0x02;
const ACK_ECN = 0x03;
const CRYPTO = 0x06;
/** CONNECTION_CLOSE of the transport; 0x1d (application close) cannot appear in an Initial. */
const CONNECTION_CLOSE = 0x1c;

export interface FrameHandlers {
  /** A CRYPTO frame: `data` (a view into the plaintext) belongs at `offset` of the stream. */
  crypto(offset: number, data: Uint8Array): void;
  connectionClose(errorCode: number, reason: Uint8Array): void;
}

/** Reads every frame of `plaintext`, in order; throws `QuicParseError` on a bad frame. */
export function readFrames(plaintext: Uint8Array, on: FrameHandlers): void {
  const r = new QuicReader(plaintext);
  while (r.remaining > 0) {
    const type = r.u8();
    switch (type) {
      case PADDING:
        while (r.remaining > 0 && r.peek() === PADDING) r.pos++;
        break;
      case PING:
        break;
      case ACK:
      case ACK_ECN:
        skipAck(r, type === ACK_ECN);
        break;
      case CRYPTO: {
        const offset = r.varint();
        on.crypto(offset, r.bytes(r.varint()));
        break;
      }
      case CONNECTION_CLOSE:
        readConnectionClose(r, on);
        break;
      default:
        throw new QuicParseError(`unhandled frame type ${type} in Initial packet`);
    }
  }
}

/** ACK (RFC 9000 19.3): every range costs at least two bytes, so a huge count runs out fast. */
function skipAck(r: QuicReader, withEcn: boolean): void {
  r.varint(); // largest acknowledged
  r.varint(); // ack delay
  const ranges = r.varint();
  r.varint(); // first range
  for (let i = 0; i < ranges; i++) {
    r.varint(); // gap
    r.varint(); // range length
  }
  if (withEcn) for (let i = 0; i < 3; i++) r.varint();
}

/** CONNECTION_CLOSE (RFC 9000 19.19): error code, offending frame type, reason phrase. */
function readConnectionClose(r: QuicReader, on: FrameHandlers): void {
  const errorCode = r.varint();
  r.varint(); // frame type
  const reason = r.bytes(r.varint());
  on.connectionClose(errorCode, reason);
}

/**
 * Long-header packets (RFC 9000 17.2): the version, both connection ids, then what each packet
 * type adds. Initial, 0-RTT and Handshake packets declare their length, so several can share
 * a datagram (coalescing, RFC 9000 12.2); a Retry packet and a packet of an unknown version take
 * the rest of the datagram.
 */
import { QuicParseError, type QuicReader } from './quic-reader.js';
import { longPacketType, type LongPacketType } from './quic-versions.js';

/** RFC 9001 5.4.2: 4 bytes of packet number plus a 16-byte sample must fit in the payload. */
export const MIN_INITIAL_PAYLOAD_BYTES = 20;
/** A Retry packet ends with its 16-byte integrity tag (RFC 9001 5.8). */
const RETRY_TAG_BYTES = 16;

export interface LongHeader {
  /** The packet type, or `unhandled` for a version whose layout is unknown. */
  readonly type: LongPacketType | 'unhandled';
  readonly version: number;
  /** Destination and Source Connection IDs: views into the datagram. */
  readonly dcid: Uint8Array;
  readonly scid: Uint8Array;
  /** Initial only: offset of the packet number field from the packet's first byte. */
  readonly pnOffset: number;
  /** Initial only: the Length field (packet number, payload and tag). */
  readonly payloadLength: number;
  /** Bytes from the packet's first byte to its end. */
  readonly size: number;
  /** Retry only: the token and the integrity tag. */
  readonly retryToken: Uint8Array | undefined;
  readonly integrityTag: Uint8Array | undefined;
}

/** Reads the long-header packet at the reader's position; throws `QuicParseError`. */
export function readLongHeader(r: QuicReader): LongHeader {
  const start = r.pos;
  const first = r.u8();
  const version = r.u32();
  const dcid = r.bytes(r.u8());
  const scid = r.bytes(r.u8());
  const h = { version, dcid, scid, pnOffset: 0, payloadLength: 0, size: 0,
    retryToken: undefined as Uint8Array | undefined,
    integrityTag: undefined as Uint8Array | undefined };

  const type = longPacketType(version, (first >> 4) & 0x03) ?? 'unhandled';
  switch (type) {
    case 'initial':
      readInitial(r, h, start);
      break;
    case 'zero_rtt':
    case 'handshake':
      r.skip(r.varint());
      break;
    case 'retry':
      readRetry(r, h);
      break;
    case 'unhandled':
      r.skip(r.remaining);
      break;
  }
  return { ...h, type, size: r.pos - start };
}

function readInitial(
  r: QuicReader, h: { pnOffset: number; payloadLength: number }, start: number,
): void {
  r.skip(r.varint()); // token
  const length = r.varint();
  if (length < MIN_INITIAL_PAYLOAD_BYTES) {
    throw new QuicParseError(`Initial packet length ${length} < ${MIN_INITIAL_PAYLOAD_BYTES}`);
  }
  h.pnOffset = r.pos - start;
  h.payloadLength = length;
  r.skip(length);
}

function readRetry(
  r: QuicReader, h: { retryToken: Uint8Array | undefined; integrityTag: Uint8Array | undefined },
): void {
  const rest = r.bytes(r.remaining);
  if (rest.length < RETRY_TAG_BYTES) throw new QuicParseError('Retry packet without integrity tag');
  h.retryToken = rest.subarray(0, rest.length - RETRY_TAG_BYTES);
  h.integrityTag = rest.subarray(rest.length - RETRY_TAG_BYTES);
}

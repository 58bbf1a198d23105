/**
 * Events of the QUIC analyzer, with Zeek's names and arguments. Connection ids, tokens and
 * reason phrases are views into the datagram, valid only while the handlers run: a handler
 * that keeps one copies it.
 */
import type { Connection } from '../../stages/connection.js';

/** Version, then Destination and Source Connection IDs, of the packet's long header. */
type LongHeaderArgs = [version: number, dcid: Uint8Array, scid: Uint8Array];

export interface QuicEvents {
  'QUIC::initial_packet': [c: Connection, isOrig: boolean, ...LongHeaderArgs];
  'QUIC::handshake_packet': [c: Connection, isOrig: boolean, ...LongHeaderArgs];
  'QUIC::zero_rtt_packet': [c: Connection, isOrig: boolean, ...LongHeaderArgs];
  'QUIC::retry_packet': [c: Connection, isOrig: boolean, ...LongHeaderArgs,
    retryToken: Uint8Array, integrityTag: Uint8Array];
  /** A long header of a version the analyzer cannot parse; the rest of the datagram is skipped. */
  'QUIC::unhandled_version': [c: Connection, isOrig: boolean, ...LongHeaderArgs];
  /** A CONNECTION_CLOSE frame inside a decrypted Initial packet. */
  'QUIC::connection_close_frame': [c: Connection, isOrig: boolean, ...LongHeaderArgs,
    errorCode: number, reasonPhrase: Uint8Array];
  /**
   * A packet without the fixed bit (RFC 9000 17.2) after some Initial packet was decrypted;
   * `totalDecrypted` counts the Initial packets decrypted on the connection so far.
   */
  'QUIC::discarded_packet': [c: Connection, isOrig: boolean, totalDecrypted: number];
  /** The side's count of short-header packets reached `threshold` (1, 2, 4, 8 ...). */
  'QUIC::short_header_packet_threshold_crossed': [c: Connection, isOrig: boolean,
    threshold: number];
}

/**
 * QUIC analysis settings, with Zeek's defaults where Zeek has the setting (its `QUIC::`
 * options). The configuration's `quic` section sets them.
 */
import type { WirelogConfig } from '../../config/config.js';

export interface QuicAnalyzerOptions {
  /**
   * Out-of-order CRYPTO bytes held per side while waiting for the bytes before them. A peer
   * may announce any offset; past this bound frames are dropped (weird, history X).
   */
  readonly maxCryptoBufferBytes: number;
  /** Initial packets with a longer Length field are not decrypted (a protocol violation). */
  readonly maxDecryptPayloadBytes: number;
  /** Whether `QUIC::discarded_packet` is raised at all. */
  readonly discardedPacketEvents: boolean;
  /**
   * `QUIC::discarded_packet` events raised per connection (Zeek's
   * `QUIC::max_discarded_packet_events`, whose -1 is `discardedPacketEvents` false): 0 for
   * no limit.
   */
  readonly maxDiscardedPacketEvents: number;
}

export interface QuicLogOptions {
  /** Longest quic.log history (Zeek's `QUIC::max_history_length`); reaching it is a weird. */
  readonly maxHistoryLength: number;
}

export const DEFAULT_QUIC_ANALYZER_OPTIONS: QuicAnalyzerOptions = {
  maxCryptoBufferBytes: 65536,
  maxDecryptPayloadBytes: 10000,
  discardedPacketEvents: true,
  maxDiscardedPacketEvents: 100,
};

export const DEFAULT_QUIC_LOG_OPTIONS: QuicLogOptions = { maxHistoryLength: 100 };

export function quicAnalyzerOptionsFrom(config: WirelogConfig): QuicAnalyzerOptions {
  const q = config.quic;
  return {
    maxCryptoBufferBytes: q.max_crypto_buffer_bytes,
    maxDecryptPayloadBytes: q.max_decrypt_payload_bytes,
    discardedPacketEvents: q.discarded_packet_events,
    maxDiscardedPacketEvents: q.max_discarded_packet_events,
  };
}

export function quicLogOptionsFrom(config: WirelogConfig): QuicLogOptions {
  return { maxHistoryLength: config.quic.max_history_length };
}

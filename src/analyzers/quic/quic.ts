/**
 * The QUIC analyzer's registration: UDP port 443, and any UDP connection whose first payload
 * is a v1 or v2 Initial packet (Zeek's `dpd_quic_initial` and `dpd_quic_v2_initial`
 * signatures), so QUIC on other ports is found too. DTLS shares port 443; both analyzers
 * start there and the one the traffic does not fit drops out with a violation.
 */
import type { AnalyzerSpec } from '../analyzer.js';
import { QuicAnalyzer } from './quic-analyzer.js';
import {
  DEFAULT_QUIC_ANALYZER_OPTIONS, quicAnalyzerOptionsFrom, type QuicAnalyzerOptions,
} from './quic-options.js';

export const QUIC_PORTS = [443];

const VERSION_BYTES = 4;

/** A v1 Initial (first byte 0xc0-0xcf, version 1) or a v2 one (0xd0-0xdf, RFC 9369 version). */
export function looksLikeQuicInitial(data: Uint8Array): boolean {
  if (data.length < 1 + VERSION_BYTES) return false;
  const top = data[0] & 0xf0;
  if (top === 0xc0) return data[1] === 0 && data[2] === 0 && data[3] === 0 && data[4] === 1;
  if (top === 0xd0) {
    return data[1] === 0x6b && data[2] === 0x33 && data[3] === 0x43 && data[4] === 0xcf;
  }
  return false;
}

/** The QUIC analyzer spec with the given limits. */
export function quicAnalyzerSpec(
  options: QuicAnalyzerOptions = DEFAULT_QUIC_ANALYZER_OPTIONS,
): AnalyzerSpec {
  return {
    name: 'QUIC',
    script: 'base/protocols/quic',
    transports: ['udp'],
    ports: { udp: QUIC_PORTS },
    detect: (data, _isOrig, transport) => transport === 'udp' && looksLikeQuicInitial(data),
    configure: (config) => quicAnalyzerSpec(quicAnalyzerOptionsFrom(config)),
    create: (ctx) => new QuicAnalyzer(ctx, options),
  };
}

export const QUIC_ANALYZER: AnalyzerSpec = quicAnalyzerSpec();

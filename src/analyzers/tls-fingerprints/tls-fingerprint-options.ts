/**
 * Which TLS fingerprints ssl.log carries, from the configuration's `ssl` section.
 */
import type { WirelogConfig } from '../../config/config.js';

export interface TlsFingerprintOptions {
  /** Append `ja3` (client). */
  readonly ja3: boolean;
  /** Append `ja3s` (server). */
  readonly ja3s: boolean;
  /** Append `ja4` (client). */
  readonly ja4: boolean;
}

export function tlsFingerprintOptionsFrom(config: WirelogConfig): TlsFingerprintOptions {
  const s = config.ssl;
  return { ja3: s.ja3, ja3s: s.ja3s, ja4: s.ja4 };
}

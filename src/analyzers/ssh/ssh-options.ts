/**
 * SSH analysis settings, with Zeek's defaults (its `SSH::` constants and options). The
 * configuration's `ssh` section sets them.
 */
import type { WirelogConfig } from '../../config/config.js';

export interface SshLimits {
  /** Largest binary packet length accepted; longer ones are capped (weird, history X). */
  readonly maxPacketLength: number;
  /** Largest SSH string length accepted; longer ones are capped (weird, history X). */
  readonly maxStringLength: number;
  /** Most names taken from each KEXINIT name-list, per list kind (0: no limit). */
  readonly maxKexAlgorithms: number;
  readonly maxHostKeyAlgorithms: number;
  readonly maxEncryptionAlgorithms: number;
  readonly maxMacAlgorithms: number;
  readonly maxCompressionAlgorithms: number;
  readonly maxLanguages: number;
  /** Stop analysing a connection once authentication was seen to succeed (saves CPU). */
  readonly disableAfterDetection: boolean;
  /** Longest version-exchange line held (0: no limit). */
  readonly maxLineLength: number;
}

export interface SshLogOptions {
  /** Append the `hassh` and `hasshServer` columns to ssh.log. */
  readonly hassh: boolean;
  /** Compression algorithms that hide the packet sizes authentication is inferred from. */
  readonly compressionAlgorithms: readonly string[];
}

export const DEFAULT_SSH_LIMITS: SshLimits = {
  maxPacketLength: 8 * 1024 * 1024,
  maxStringLength: 2 * 1024 * 1024,
  maxKexAlgorithms: 100,
  maxHostKeyAlgorithms: 100,
  maxEncryptionAlgorithms: 100,
  maxMacAlgorithms: 100,
  maxCompressionAlgorithms: 100,
  maxLanguages: 100,
  disableAfterDetection: true,
  maxLineLength: 10 * 1024 * 1024,
};

export const DEFAULT_SSH_LOG_OPTIONS: SshLogOptions = {
  hassh: true,
  compressionAlgorithms: ['zlib', 'zlib@openssh.com'],
};

export function sshLimitsFrom(config: WirelogConfig): SshLimits {
  const c = config.ssh;
  return {
    maxPacketLength: c.max_packet_length,
    maxStringLength: c.max_string_length,
    maxKexAlgorithms: c.max_kexinit_kex_algorithms,
    maxHostKeyAlgorithms: c.max_kexinit_hostkey_algorithms,
    maxEncryptionAlgorithms: c.max_kexinit_encryption_algorithms,
    maxMacAlgorithms: c.max_kexinit_mac_algorithms,
    maxCompressionAlgorithms: c.max_kexinit_compression_algorithms,
    maxLanguages: c.max_kexinit_languages,
    disableAfterDetection: c.disable_analyzer_after_detection,
    maxLineLength: c.max_identification_line_length,
  };
}

export function sshLogOptionsFrom(config: WirelogConfig): SshLogOptions {
  return { hassh: config.ssh.hassh, compressionAlgorithms: config.ssh.compression_algorithms };
}

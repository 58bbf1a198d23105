/**
 * SSH_MSG_KEXINIT (RFC 4253 section 7.1): the algorithm name-lists one side offers, as Zeek's
 * `SSH::Capabilities` record holds them, plus the HASSH input string of that side.
 */
import { wireText } from '../wire-text.js';
import type { SshLimits } from './ssh-options.js';
import { SshReader } from './ssh-reader.js';

/** One algorithm kind's preferences per direction. */
export interface AlgorithmPrefs {
  readonly clientToServer: readonly string[];
  readonly serverToClient: readonly string[];
}

/** Language preferences; a direction is unset when its list was empty. */
export interface LanguagePrefs {
  readonly clientToServer?: readonly string[];
  readonly serverToClient?: readonly string[];
}

export interface SshCapabilities {
  readonly kexAlgorithms: readonly string[];
  readonly serverHostKeyAlgorithms: readonly string[];
  readonly encryptionAlgorithms: AlgorithmPrefs;
  readonly macAlgorithms: AlgorithmPrefs;
  readonly compressionAlgorithms: AlgorithmPrefs;
  /** Unset when both language lists were empty. */
  readonly languages?: LanguagePrefs;
  /** Whether the server sent this KEXINIT. */
  readonly isServer: boolean;
  /**
   * The HASSH input of this side: its kex, encryption, MAC and compression lists for the
   * direction it sends in, each as sent, joined by `;`.
   */
  readonly hasshAlgorithms: string;
}

/** A parsed KEXINIT: its cookie and the capabilities, with the raw kex list for negotiation. */
export interface KexInit {
  readonly cookie: string;
  readonly capabilities: SshCapabilities;
  /** The kex_algorithms name-list exactly as sent. */
  readonly kexList: string;
}

/** Where a name-list hit its per-kind limit: weird name, names present, limit. */
export type ListLimitReport = (weird: string, count: number, limit: number) => void;

/** Parses a KEXINIT payload (after the message type byte); undefined when truncated. */
export function parseKexInit(
  payload: Uint8Array, isOrig: boolean, limits: SshLimits, onLongString: (n: number) => void,
  onListLimit: ListLimitReport,
): KexInit | undefined {
  const r = new SshReader(payload, onLongString, limits.maxStringLength);
  const cookie = r.bytes(16);
  const raw: string[] = [];
  for (let i = 0; i < 10; i++) raw.push(wireText(r.string()));
  r.u8();
  r.u32();
  if (r.overrun) return undefined;

  const list = (text: string, limit: number, kind: string) =>
    nameList(text, limit, `SSH_max_kexinit_${kind}_exceeded`, onListLimit);
  const prefs = (i: number, limit: number, kind: string): AlgorithmPrefs => ({
    clientToServer: list(raw[i], limit, kind),
    serverToClient: list(raw[i + 1], limit, kind),
  });
  const side = isOrig ? 0 : 1;
  const capabilities: SshCapabilities = {
    kexAlgorithms: list(raw[0], limits.maxKexAlgorithms, 'kex_algorithms'),
    serverHostKeyAlgorithms: list(raw[1], limits.maxHostKeyAlgorithms, 'hostkey_algorithms'),
    encryptionAlgorithms: prefs(2, limits.maxEncryptionAlgorithms, 'encryption_algorithms'),
    macAlgorithms: prefs(4, limits.maxMacAlgorithms, 'mac_algorithms'),
    compressionAlgorithms: prefs(6, limits.maxCompressionAlgorithms, 'compression_algorithms'),
    languages: languages(raw[8], raw[9], (t) => list(t, limits.maxLanguages, 'languages')),
    isServer: !isOrig,
    hasshAlgorithms: [raw[0], raw[2 + side], raw[4 + side], raw[6 + side]].join(';'),
  };
  return { cookie: wireText(cookie), capabilities, kexList: raw[0] };
}

/** Splits a name-list on commas (empty names kept), keeping at most `limit` names. */
export function nameList(
  text: string, limit: number, weird: string, onListLimit: ListLimitReport,
): string[] {
  const names = text.split(',');
  if (limit === 0 || names.length <= limit) return names;
  onListLimit(weird, names.length, limit);
  return names.slice(0, limit);
}

function languages(
  c2s: string, s2c: string, list: (t: string) => string[],
): LanguagePrefs | undefined {
  if (c2s === '' && s2c === '') return undefined;
  return {
    clientToServer: c2s === '' ? undefined : list(c2s),
    serverToClient: s2c === '' ? undefined : list(s2c),
  };
}

/**
 * Loads config/default.yaml and a user's YAML file over it. Every key of the user's file must
 * exist in the defaults with the same type; anything else is an error naming the file, the key
 * and its line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

import { isSubnet } from '../analyzers/conn/local-networks.js';
import { ConfigError } from './config-error.js';

export interface CustomStageSpec {
  readonly module: string;
  readonly options?: Record<string, unknown>;
}

export type StageSpec = string | CustomStageSpec;

/** The configuration as the rest of the program reads it (snake_case keys, as in YAML). */
export interface WirelogConfig {
  input: { batch_size: number; max_packet_bytes: number };
  live: {
    ring_buffer_bytes: number;
    snaplen: number;
    flush_ms: number;
    promiscuous: boolean;
    max_queued_bytes: number;
  };
  decoder: {
    ignore_checksums: boolean;
    fragments: { max_bytes: number; max_datagrams: number; timeout: number };
  };
  tracker: {
    max_connections: number;
    max_reassembly_bytes: number;
    max_scheduled_analyzers: number;
    timeouts: {
      tcp_syn_timeout: number;
      tcp_session_timer: number;
      tcp_connection_linger: number;
      tcp_attempt_delay: number;
      tcp_close_delay: number;
      tcp_inactivity_timeout: number;
      udp_inactivity_timeout: number;
      icmp_inactivity_timeout: number;
      unknown_ip_inactivity_timeout: number;
    };
  };
  tunnels: {
    max_depth: number;
    ip_tunnel_timeout: number;
    max_changes_per_connection: number;
    delay_teredo_confirmation: boolean;
    delay_gtp_confirmation: boolean;
    expiration_interval: number;
  };
  site: { local_networks: 'default' | string[] };
  sensor: { name: string };
  weird: { sampling_threshold: number; sampling_rate: number; sampling_duration: number };
  dpd: {
    ignore_violations: string[];
    ignore_violations_after: number;
    track_removed_services_in_connection: boolean;
    max_analyzer_violations: number;
    failure_data_max_size: number;
  };
  http: {
    max_line_bytes: number;
    max_headers: number;
    max_header_bytes: number;
    mime_max_depth: number;
    max_mime_entities: number;
    max_pending_requests: number;
    max_files_orig: number;
    max_files_resp: number;
    max_decompressed_bytes: number;
    capture_passwords: boolean;
  };
  files: {
    bof_buffer_bytes: number;
    hash_md5: boolean;
    hash_sha1: boolean;
    hash_sha256: boolean;
    extract_dir: string;
    extract_limit_bytes: number;
    timeout_interval: number;
    reassembly_buffer_bytes: number;
  };
  logs: {
    dir: string;
    write_files: boolean;
    format: 'tsv' | 'json';
    json_timestamps: 'epoch' | 'millis' | 'iso8601';
    uid_seed: number;
  };
  pipeline: { stages: StageSpec[] };
  community_id: { enabled: boolean; seed: number; base64: boolean };
  ssl: { ja3: boolean; ja3s: boolean; ja4: boolean };
  ssh: {
    hassh: boolean;
    compression_algorithms: string[];
    disable_analyzer_after_detection: boolean;
    max_packet_length: number;
    max_string_length: number;
    max_identification_line_length: number;
    max_kexinit_kex_algorithms: number;
    max_kexinit_hostkey_algorithms: number;
    max_kexinit_encryption_algorithms: number;
    max_kexinit_mac_algorithms: number;
    max_kexinit_compression_algorithms: number;
    max_kexinit_languages: number;
  };
  ftp: {
    logged_commands: string[];
    guest_ids: string[];
    default_capture_password: boolean;
    log_at_least_one_command: boolean;
    max_command_length: number;
    max_line_length: number;
    max_pending_commands: number;
    max_user_length: number;
    max_password_length: number;
    max_arg_length: number;
    max_reply_msg_length: number;
    max_expected_data_channels: number;
    expected_data_channel_timeout: number;
  };
  quic: {
    max_history_length: number;
    discarded_packet_events: boolean;
    max_discarded_packet_events: number;
    max_crypto_buffer_bytes: number;
    max_decrypt_payload_bytes: number;
  };
  smtp: {
    max_line_length: number;
    max_pending_commands: number;
    bdat_max_line_length: number;
    dpd_buffer_bytes: number;
    mime_max_depth: number;
    mime_max_header_bytes: number;
    mail_transaction_validation: boolean;
    max_invalid_mail_transactions: number;
    max_rcptto_addresses: number;
    max_to_addresses: number;
    max_cc_addresses: number;
    max_path_length: number;
  };
  filter: {
    capture_filters: Record<string, string>;
    restrict_filters: Record<string, string>;
    excludes: Record<string, string>;
    unrestricted_filter: string;
    restricted_filter: string;
    default_capture_filter: string;
  };
  /** Sections contributed by optional parts (filters, Kafka); validated by their owners. */
  [section: string]: unknown;
}

/** config/default.yaml of the installation, found above this module (in src/ or dist/src/). */
export const DEFAULT_CONFIG_PATH = findDefaults(dirname(fileURLToPath(import.meta.url)));

function findDefaults(start: string): string {
  let dir = start;
  for (let up = 0; up < 5; up++) {
    const candidate = join(dir, 'config', 'default.yaml');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(start, 'config', 'default.yaml');
}

/** Allowed values of string keys that are enumerations. */
const ENUMS: Readonly<Record<string, readonly string[]>> = {
  'logs.format': ['tsv', 'json'],
  'logs.json_timestamps': ['epoch', 'millis', 'iso8601'],
};

/** Keys whose value is free-form below them, checked by the part that owns them. */
const OPEN_SECTIONS = new Set(['kafka']);

/** Keys holding a mapping of user-chosen names to strings. */
const NAMED_STRINGS = new Set([
  'filter.capture_filters',
  'filter.restrict_filters',
  'filter.excludes',
]);

/** Returns the defaults with `userPath`'s file (if any) applied over them. */
export function loadConfig(userPath?: string): WirelogConfig {
  const defaults = readYaml(DEFAULT_CONFIG_PATH).doc.toJS() as WirelogConfig;
  if (userPath === undefined) return defaults;

  const { doc, lines } = readYaml(userPath);
  const user = doc.toJS() as unknown;
  if (user === null || user === undefined) return defaults;
  const where = (key: string[]) => `${userPath}:${lineOf(doc, lines, key)}`;
  if (typeof user !== 'object' || Array.isArray(user)) {
    throw new ConfigError(`${userPath}: the top level must be a mapping of sections`);
  }
  mergeInto(
    defaults as unknown as Record<string, unknown>,
    user as Record<string, unknown>,
    [],
    where,
  );
  return defaults;
}

function readYaml(path: string): { doc: Document; lines: LineCounter } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0].line ?? 0;
    throw new ConfigError(`${path}:${line}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  return { doc, lines };
}

function lineOf(doc: Document, lines: LineCounter, key: string[]): number {
  let node: unknown = doc.contents;
  for (const k of key) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value) === k);
    if (pair === undefined) break;
    const range = (pair.key as { range?: [number, number, number] }).range;
    if (range !== undefined && k === key[key.length - 1]) return lines.linePos(range[0]).line;
    node = pair.value;
  }
  return isSeq(node) && node.range ? lines.linePos(node.range[0]).line : 1;
}

function mergeInto(
  target: Record<string, unknown>,
  user: Record<string, unknown>,
  path: string[],
  where: (key: string[]) => string,
): void {
  for (const [key, value] of Object.entries(user)) {
    const keyPath = [...path, key];
    const name = keyPath.join('.');
    if (path.length === 0 && OPEN_SECTIONS.has(key)) {
      target[key] = value;
      continue;
    }
    if (!(key in target)) throw new ConfigError(`${where(keyPath)}: unknown key '${name}'`);
    target[key] = checkValue(target[key], value, keyPath, where);
  }
}

function checkValue(
  def: unknown,
  value: unknown,
  keyPath: string[],
  where: (key: string[]) => string,
): unknown {
  const name = keyPath.join('.');
  // String() rather than JSON for numbers, which JSON would show as null when not finite.
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  const fail = (want: string) =>
    new ConfigError(`${where(keyPath)}: '${name}' must be ${want}, got ${shown}`);

  if (name === 'site.local_networks') return checkNetworks(value, fail);
  if (name === 'pipeline.stages') return checkStages(value, fail);
  if (NAMED_STRINGS.has(name)) return checkNamedStrings(value, fail);
  if (typeof def === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw fail('a non-negative number');
    }
    return value;
  }
  if (typeof def === 'boolean') {
    if (typeof value !== 'boolean') throw fail('true or false');
    return value;
  }
  if (typeof def === 'string') return checkString(value, name, fail);
  if (Array.isArray(def)) return checkStringList(value, fail);
  if (def !== null && typeof def === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw fail('a mapping');
    mergeInto(def as Record<string, unknown>, value as Record<string, unknown>, keyPath, where);
    return def;
  }
  return value;
}

function checkString(value: unknown, name: string, fail: (w: string) => Error): string {
  if (typeof value !== 'string') throw fail('a string');
  const allowed = ENUMS[name];
  if (allowed !== undefined && !allowed.includes(value)) throw fail(`one of ${allowed.join(', ')}`);
  return value;
}

function checkStringList(value: unknown, fail: (w: string) => Error): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw fail('a list of strings');
  }
  return value as string[];
}

function checkNetworks(value: unknown, fail: (w: string) => Error): unknown {
  if (value === 'default') return value;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw fail("'default' or a list of subnets");
  }
  for (const subnet of value as string[]) {
    if (!isSubnet(subnet)) throw fail(`a list of subnets ('${subnet}' is not one)`);
  }
  return value;
}

function checkNamedStrings(value: unknown, fail: (w: string) => Error): Record<string, string> {
  const ok =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string');
  if (!ok) throw fail('a mapping of names to filter expressions');
  return value as Record<string, string>;
}

function checkStages(value: unknown, fail: (w: string) => Error): StageSpec[] {
  if (!Array.isArray(value)) throw fail('a list of stage names or { module, options } entries');
  for (const s of value) {
    const isCustom = s !== null && typeof s === 'object' && typeof s.module === 'string';
    if (typeof s !== 'string' && !isCustom) {
      throw fail('a list of stage names or { module, options } entries');
    }
  }
  return value as StageSpec[];
}

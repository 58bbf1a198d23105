/**
 * Script options set on the command line, as Zeek takes them: an argument holding `=` assigns
 * an option (`zeek -r x.pcap 'FTP::logged_commands += { "USER" }'`). wirelog accepts the
 * options that have a key in its configuration, so a Zeek command line carries over; the
 * assignment is applied over the YAML configuration. Any other name is an error that names it.
 */
import { DEFAULT_LOCAL_NETWORKS, isSubnet } from '../analyzers/conn/local-networks.js';
import { ConfigError } from './config-error.js';
import type { WirelogConfig } from './config.js';

type Kind = 'bool' | 'count' | 'interval' | 'string-set' | 'subnet-set' | 'analyzer-set';

interface OptionTarget {
  readonly kind: Kind;
  /** Dotted configuration key the option sets. */
  readonly key: string;
  /** Turns the option's value into the key's value, where the two differ in shape. */
  readonly convert?: (value: OptionValue) => unknown;
  /** The key's value as a set, where the key can hold a shorthand. */
  readonly current?: (value: unknown) => string[];
}

type OptionValue = boolean | number | string[];

const timeout = (name: string): OptionTarget => ({
  kind: 'interval',
  key: `tracker.timeouts.${name.toLowerCase()}`,
});

/** Zeek option name → wirelog configuration key. */
const OPTIONS: Readonly<Record<string, OptionTarget>> = {
  // Zeek adds the private address space to Site::local_nets when it starts, whatever the
  // command line assigned, so `=` keeps the private ranges as `+=` does.
  'Site::local_nets': {
    kind: 'subnet-set',
    key: 'site.local_networks',
    convert: (v) => [...new Set([...DEFAULT_LOCAL_NETWORKS, ...(v as string[])])],
    current: (v) => (v === 'default' ? [...DEFAULT_LOCAL_NETWORKS] : (v as string[])),
  },
  'LogAscii::use_json': {
    kind: 'bool',
    key: 'logs.format',
    convert: (v) => (v === true ? 'json' : 'tsv'),
  },
  'FTP::logged_commands': { kind: 'string-set', key: 'ftp.logged_commands' },
  'FTP::guest_ids': { kind: 'string-set', key: 'ftp.guest_ids' },
  'FTP::default_capture_password': { kind: 'bool', key: 'ftp.default_capture_password' },
  'HTTP::default_capture_password': { kind: 'bool', key: 'http.capture_passwords' },
  'SSH::compression_algorithms': { kind: 'string-set', key: 'ssh.compression_algorithms' },
  'SSH::disable_analyzer_after_detection': {
    kind: 'bool',
    key: 'ssh.disable_analyzer_after_detection',
  },
  // Zeek's analyzer tags (Analyzer::ANALYZER_HTTP) stand for the analyzer names kept here.
  'DPD::ignore_violations': { kind: 'analyzer-set', key: 'dpd.ignore_violations' },
  'DPD::ignore_violations_after': { kind: 'count', key: 'dpd.ignore_violations_after' },
  'DPD::track_removed_services_in_connection': {
    kind: 'bool',
    key: 'dpd.track_removed_services_in_connection',
  },
  max_analyzer_violations: { kind: 'count', key: 'dpd.max_analyzer_violations' },
  'Analyzer::Logging::failure_data_max_size': { kind: 'count', key: 'dpd.failure_data_max_size' },
  'QUIC::max_history_length': { kind: 'count', key: 'quic.max_history_length' },
  'Tunnel::max_depth': { kind: 'count', key: 'tunnels.max_depth' },
  'Tunnel::ip_tunnel_timeout': { kind: 'interval', key: 'tunnels.ip_tunnel_timeout' },
  'Tunnel::max_changes_per_connection': {
    kind: 'count',
    key: 'tunnels.max_changes_per_connection',
  },
  'Tunnel::delay_teredo_confirmation': { kind: 'bool', key: 'tunnels.delay_teredo_confirmation' },
  'Tunnel::delay_gtp_confirmation': { kind: 'bool', key: 'tunnels.delay_gtp_confirmation' },
  tcp_SYN_timeout: timeout('tcp_syn_timeout'),
  tcp_session_timer: timeout('tcp_session_timer'),
  tcp_connection_linger: timeout('tcp_connection_linger'),
  tcp_attempt_delay: timeout('tcp_attempt_delay'),
  tcp_close_delay: timeout('tcp_close_delay'),
  tcp_inactivity_timeout: timeout('tcp_inactivity_timeout'),
  udp_inactivity_timeout: timeout('udp_inactivity_timeout'),
  icmp_inactivity_timeout: timeout('icmp_inactivity_timeout'),
  unknown_ip_inactivity_timeout: timeout('unknown_ip_inactivity_timeout'),
};

/** Seconds per unit of Zeek's interval literals. */
const INTERVAL_UNITS: Readonly<Record<string, number>> = {
  usec: 1e-6,
  msec: 1e-3,
  sec: 1,
  min: 60,
  hr: 3600,
  day: 86400,
};

const ASSIGNMENT = /^\s*([A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)\s*(\+=|-=|=)([^]*)$/;

export interface ScriptOption {
  readonly text: string;
  readonly name: string;
  readonly op: '=' | '+=' | '-=';
  readonly value: string;
}

/** Whether a command-line argument is an option assignment rather than a script name. */
export function isScriptOption(arg: string): boolean {
  return arg.includes('=');
}

export function parseScriptOption(text: string): ScriptOption {
  const m = ASSIGNMENT.exec(text);
  if (m === null) {
    throw new ConfigError(`command line: '${text}' is not an option assignment (NAME=VALUE)`);
  }
  return { text, name: m[1], op: m[2] as ScriptOption['op'], value: m[3].trim() };
}

/** Applies `assignments` (Zeek's command-line syntax) over `config`, in order. */
export function applyScriptOptions(config: WirelogConfig, assignments: readonly string[]): void {
  for (const text of assignments) applyOne(config, parseScriptOption(text));
}

function applyOne(config: WirelogConfig, option: ScriptOption): void {
  const fail = (why: string) => new ConfigError(`command line: '${option.text}': ${why}`);
  const target = Object.hasOwn(OPTIONS, option.name) ? OPTIONS[option.name] : undefined;
  if (target === undefined) {
    throw fail(`unknown option ${option.name}; known: ${Object.keys(OPTIONS).join(', ')}`);
  }
  const value = parseValue(target.kind, option.value, fail);
  const path = target.key.split('.');
  const parent = path
    .slice(0, -1)
    .reduce((node, k) => node[k] as Record<string, unknown>, config as Record<string, unknown>);
  const leaf = path[path.length - 1];

  if (option.op === '=') {
    parent[leaf] = target.convert ? target.convert(value) : value;
    return;
  }
  if (!target.kind.endsWith('-set')) throw fail(`${option.op} needs a set option`);
  const current = new Set(
    target.current ? target.current(parent[leaf]) : (parent[leaf] as string[]),
  );
  for (const v of value as string[]) {
    if (option.op === '+=') current.add(v);
    else current.delete(v);
  }
  parent[leaf] = [...current];
}

function parseValue(kind: Kind, text: string, fail: (why: string) => Error): OptionValue {
  switch (kind) {
    case 'bool':
      if (text === 'T' || text === 'F') return text === 'T';
      throw fail('the value must be T or F');
    case 'count':
      if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
      throw fail(`the value must be a count (a whole number up to ${Number.MAX_SAFE_INTEGER})`);
    case 'interval':
      return parseInterval(text, fail);
    case 'string-set':
      return parseStringSet(text, fail);
    case 'subnet-set':
      return parseSubnetSet(text, fail);
    case 'analyzer-set':
      return parseAnalyzerSet(text, fail);
  }
}

/** `5 min`, `2.5hrs`, `300 secs`: a number and one of Zeek's time units. */
function parseInterval(text: string, fail: (why: string) => Error): number {
  const m = /^(\d+(?:\.\d+)?)\s*(usec|msec|sec|min|hr|day)s?$/.exec(text);
  const seconds = m === null ? NaN : Number(m[1]) * INTERVAL_UNITS[m[2]];
  if (!Number.isFinite(seconds)) {
    throw fail('the value must be an interval such as 30 secs or 5 mins');
  }
  return seconds;
}

/**
 * `{ "A", "B" }` or `set("A", "B")`: double-quoted strings with Zeek's escapes (`\"`, `\\`,
 * `\n`, `\t`, `\r`, `\xHH`).
 */
function parseStringSet(text: string, fail: (why: string) => Error): string[] {
  return setItems(text, 'strings such as { "A", "B" }', fail).map((item) => {
    const m = /^"((?:[^"\\]|\\.)*)"$/.exec(item);
    if (m === null) throw fail(`${item === '' ? 'an empty item' : item} is not a quoted string`);
    return m[1].replace(/\\(x[0-9A-Fa-f]{2}|.)/g, (_, e: string) => unescape(e));
  });
}

function unescape(e: string): string {
  if (e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
  return { n: '\n', t: '\t', r: '\r' }[e] ?? e;
}

/** The comma-separated items of a set literal; commas inside quoted strings do not split. */
function setItems(text: string, what: string, fail: (why: string) => Error): string[] {
  const m = /^(?:\{([^]*)\}|set\(([^]*)\))$/.exec(text);
  if (m === null) throw fail(`the value must be a set of ${what}`);
  const body = (m[1] ?? m[2]).trim();
  if (body === '') return [];
  const items: string[] = [];
  let start = 0;
  let quoted = false;
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    if (quoted && c === '\\') k++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      items.push(body.slice(start, k).trim());
      start = k + 1;
    }
  }
  items.push(body.slice(start).trim());
  return items;
}

/** `{ Analyzer::ANALYZER_HTTP, ANALYZER_SSL }`: analyzer tags, kept as the analyzers' names. */
function parseAnalyzerSet(text: string, fail: (why: string) => Error): string[] {
  const m = /^(?:\{([^]*)\}|set\(([^]*)\))$/.exec(text);
  if (m === null)
    throw fail('the value must be a set of analyzer tags such as { Analyzer::ANALYZER_HTTP }');
  const body = (m[1] ?? m[2]).trim();
  if (body === '') return [];
  return body.split(',').map((item) => {
    const tag = /^(?:Analyzer::)?ANALYZER_(\w+)$/.exec(item.trim());
    if (tag === null)
      throw fail(`'${item.trim()}' is not an analyzer tag such as Analyzer::ANALYZER_HTTP`);
    return tag[1];
  });
}

/** `{ 10.0.0.0/8, [2001:db8::]/32 }`: Zeek's subnet literals, IPv6 ones in brackets or bare. */
function parseSubnetSet(text: string, fail: (why: string) => Error): string[] {
  return setItems(text, 'subnets such as { 10.0.0.0/8 }', fail).map((item) => {
    const subnet = item.replace(/^\[([0-9A-Fa-f:.]+)\]\//, '$1/');
    if (!/\/\d+$/.test(subnet) || !isSubnet(subnet)) {
      throw fail(`'${item}' is not a subnet`);
    }
    return subnet;
  });
}

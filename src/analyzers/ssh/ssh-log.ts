/**
 * ssh.log: one row per SSH connection, written as soon as authentication is seen to succeed,
 * else when the connection ends. The fill logic is Zeek's base/protocols/ssh: versions from
 * the identification strings, negotiated algorithms from the two KEXINITs, authentication
 * inferred from packet sizes. With `hassh` on, the HASSH fingerprints follow Zeek's columns.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { LogManager } from '../../logging/log-manager.js';
import { extendStream, type FieldSpec, type LogStreamSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import type { LocalNetworks } from '../conn/local-networks.js';
import { eventTime } from '../event-time.js';
import { logTextOrUnset } from '../wire-text.js';
import { hassh } from './hassh.js';
import type { AlgorithmPrefs, SshCapabilities } from './ssh-capabilities.js';
import type { SshLogOptions } from './ssh-options.js';
import { loggedVersion } from './ssh-version.js';
import { CONN_ID_FIELDS } from '../conn-id-fields.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

export const SSH_LOG: LogStreamSpec = {
  path: 'ssh',
  doc: 'One row per SSH connection: versions, negotiated algorithms and inferred login result.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time the SSH exchange was first seen.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
    ...CONN_ID_FIELDS,
    {
      name: 'version', type: 'count', optional: true,
      doc: 'SSH major version (1 or 2); unset when a version string is missing or incompatible.',
    },
    {
      name: 'auth_success', type: 'bool', optional: true,
      doc: 'Inferred authentication result; unset when unknown (e.g. with compression).',
    },
    {
      name: 'auth_attempts', type: 'count',
      doc: 'Authentication attempts inferred from packet sizes (not all are failures).',
    },
    {
      name: 'direction', type: 'enum', optional: true,
      doc: 'OUTBOUND for a local client, INBOUND for a local server; unset if both or neither.',
    },
    { name: 'client', type: 'string', optional: true, doc: "The client's version string." },
    { name: 'server', type: 'string', optional: true, doc: "The server's version string." },
    { name: 'cipher_alg', type: 'string', optional: true, doc: 'Negotiated encryption algorithm.' },
    { name: 'mac_alg', type: 'string', optional: true, doc: 'Negotiated MAC algorithm.' },
    {
      name: 'compression_alg', type: 'string', optional: true,
      doc: 'Negotiated compression algorithm.',
    },
    { name: 'kex_alg', type: 'string', optional: true, doc: 'Negotiated key exchange algorithm.' },
    {
      name: 'host_key_alg', type: 'string', optional: true,
      doc: "Negotiated algorithm of the server's host key.",
    },
    {
      name: 'host_key_fingerprint', type: 'string', optional: true,
      doc: "The server's host key fingerprint, `SHA256:` and base64 cut to 32 characters.",
    },
  ],
};

/** The HASSH columns, appended after Zeek's. */
export const HASSH_FIELDS: readonly FieldSpec[] = [
  {
    name: 'hassh', type: 'string', optional: true,
    doc: "HASSH of the client's KEXINIT (MD5 hex); unset without one (e.g. SSH-1).",
  },
  {
    name: 'hasshServer', type: 'string', optional: true,
    doc: "HASSHServer of the server's KEXINIT (MD5 hex); unset without one.",
  },
];

/** The state ssh.log keeps per connection (Zeek's `SSH::Info`). */
interface SshInfo {
  readonly ts: number;
  version?: number;
  authSuccess?: boolean;
  authAttempts: number;
  direction?: 'INBOUND' | 'OUTBOUND';
  client?: string;
  server?: string;
  cipherAlg?: string;
  macAlg?: string;
  compressionAlg?: string;
  kexAlg?: string;
  hostKeyAlg?: string;
  hostKeyFingerprint?: string;
  hassh?: string;
  hasshServer?: string;
  /** The row was written. */
  logged: boolean;
  /** The first side's KEXINIT, kept until the other side's arrives. */
  capabilities?: SshCapabilities;
}

const INFO_KEY = 'ssh';
const NEGOTIATION_FAILED = 'Algorithm negotiation failed';

export interface SshLogContext {
  readonly events: EventBus<CoreEvents>;
  readonly logs: LogManager;
  readonly local: LocalNetworks;
  readonly weirds: ConnWeirdReporter;
  readonly options: SshLogOptions;
}

/** Declares ssh.log and subscribes its handlers. */
export function registerSshLog(ctx: SshLogContext): void {
  const { events, logs, options } = ctx;
  const spec = options.hassh ? extendStream(SSH_LOG, HASSH_FIELDS) : SSH_LOG;
  logs.createStream(spec);
  const write = (c: Connection, info: SshInfo) => {
    info.logged = true;
    logs.write(SSH_LOG.path, sshRecord(c, info, options.hassh));
  };

  events.on('ssh_server_version', (c, version) => {
    session(c, ctx.local).server = version;
    setVersion(c, ctx.weirds);
  });
  events.on('ssh_client_version', (c, version) => {
    session(c, ctx.local).client = version;
    setVersion(c, ctx.weirds);
  });
  events.on('ssh_capabilities', (c, _cookie, caps) => capabilities(c, caps));
  events.on('ssh_server_host_key_fingerprint', (c, fingerprint) => {
    const info = infoOf(c);
    if (info !== undefined) info.hostKeyFingerprint = fingerprint;
  }, 5);
  subscribeAuth(events, options, write);
  events.on('connection_state_remove', (c) => finalize(c, events, write), -3);
}

function infoOf(c: Connection): SshInfo | undefined {
  return c.extra.get(INFO_KEY) as SshInfo | undefined;
}

function session(c: Connection, local: LocalNetworks): SshInfo {
  let info = infoOf(c);
  if (info !== undefined) return info;
  info = { ts: eventTime(c), authAttempts: 0, logged: false };
  const origLocal = local.contains(c.origAddr);
  if (origLocal !== local.contains(c.respAddr)) info.direction = origLocal ? 'OUTBOUND' : 'INBOUND';
  c.extra.set(INFO_KEY, info);
  return info;
}

function setVersion(c: Connection, weirds: ConnWeirdReporter): void {
  const info = infoOf(c)!;
  const v = loggedVersion(info.client, info.server);
  if ('version' in v) {
    info.version = v.version;
    return;
  }
  info.version = undefined;
  weirds.connWeird(v.weird, eventTime(c), c, `${info.server} vs ${info.client}`);
}

function subscribeAuth(
  events: EventBus<CoreEvents>, options: SshLogOptions,
  write: (c: Connection, info: SshInfo) => void,
): void {
  events.on('ssh_auth_attempted', (c, authenticated) => {
    const info = infoOf(c);
    if (info === undefined || info.authSuccess === true) return;
    // Compression hides the packet sizes the inference relies on.
    if (info.compressionAlg !== undefined &&
      options.compressionAlgorithms.includes(info.compressionAlg)) return;
    info.authSuccess = authenticated;
    info.authAttempts += 1;
  }, 5);
  events.on('ssh_auth_attempted', (c, authenticated) => {
    const info = infoOf(c);
    if (!authenticated || info === undefined || info.logged) return;
    events.emit('ssh_auth_result', c, authenticated, info.authAttempts);
    write(c, info);
  }, -5);
  events.on('ssh_auth_failed', (c) => {
    const info = infoOf(c);
    if (info === undefined || info.logged) return;
    write(c, info);
    events.emit('ssh_auth_result', c, false, info.authAttempts);
  }, -5);
}

/** The first KEXINIT is kept; the second decides the negotiated algorithms. */
function capabilities(c: Connection, caps: SshCapabilities): void {
  const info = infoOf(c);
  if (info === undefined) return;
  if (caps.isServer) info.hasshServer = hassh(caps.hasshAlgorithms);
  else info.hassh = hassh(caps.hasshAlgorithms);
  if (info.capabilities?.isServer === caps.isServer) return;
  if (info.capabilities === undefined) {
    info.capabilities = caps;
    return;
  }

  const client = caps.isServer ? info.capabilities : caps;
  const server = caps.isServer ? caps : info.capabilities;
  info.cipherAlg = bidirectional(client.encryptionAlgorithms, server.encryptionAlgorithms);
  info.macAlg = bidirectional(client.macAlgorithms, server.macAlgorithms);
  info.compressionAlg = bidirectional(client.compressionAlgorithms, server.compressionAlgorithms);
  info.kexAlg = firstCommon(client.kexAlgorithms, server.kexAlgorithms);
  info.hostKeyAlg = firstCommon(client.serverHostKeyAlgorithms, server.serverHostKeyAlgorithms);
}

/** The client's first algorithm the server also offers (RFC 4253 section 7.1). */
function firstCommon(client: readonly string[], server: readonly string[]): string {
  const offered = new Set(server);
  return client.find((name) => offered.has(name)) ?? NEGOTIATION_FAILED;
}

function bidirectional(client: AlgorithmPrefs, server: AlgorithmPrefs): string {
  const toServer = firstCommon(client.clientToServer, server.clientToServer);
  const toClient = firstCommon(client.serverToClient, server.serverToClient);
  return toServer === toClient ? toServer : `To server: ${toServer}, to client: ${toClient}`;
}

/** At connection end: a known failure is raised as such; anything else is logged as is. */
function finalize(
  c: Connection, events: EventBus<CoreEvents>, write: (c: Connection, info: SshInfo) => void,
): void {
  const info = infoOf(c);
  if (info === undefined || info.logged) return;
  const decided = info.client !== undefined && info.server !== undefined &&
    info.authSuccess !== undefined;
  if (!decided) {
    write(c, info);
    return;
  }
  if (!info.authSuccess) events.emit('ssh_auth_failed', c);
}

function sshRecord(c: Connection, info: SshInfo, withHassh: boolean) {
  return {
    ts: info.ts,
    uid: c.uid,
    'id.orig_h': c.origH,
    'id.orig_p': c.origPort,
    'id.resp_h': c.respH,
    'id.resp_p': c.respPort,
    community_id: communityIdOf(c),
    version: info.version,
    auth_success: info.authSuccess,
    auth_attempts: info.authAttempts,
    direction: info.direction,
    client: logTextOrUnset(info.client),
    server: logTextOrUnset(info.server),
    cipher_alg: logTextOrUnset(info.cipherAlg),
    mac_alg: logTextOrUnset(info.macAlg),
    compression_alg: logTextOrUnset(info.compressionAlg),
    kex_alg: logTextOrUnset(info.kexAlg),
    host_key_alg: logTextOrUnset(info.hostKeyAlg),
    host_key_fingerprint: info.hostKeyFingerprint,
    hassh: withHassh ? info.hassh : undefined,
    hasshServer: withHassh ? info.hasshServer : undefined,
  };
}


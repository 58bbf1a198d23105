/**
 * ssl.log: one row per TLS/DTLS session, with Zeek's columns and fill logic (its SSL base
 * scripts): version and cipher from the server's hello, curve from the key exchange, SNI,
 * resumption, last alert, ALPN, whether the session was established, the handshake history
 * letters and the fingerprints of both certificate chains.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { handshakeLetter } from './ssl-history.js';
import { SslInfo, sslInfoOf, sslSession } from './ssl-info.js';
import { certMatchesHostname } from './sni-match.js';
import { ExtensionType, HandshakeType, Version } from './tls-constants.js';
import { alertName, cipherName, curveName, versionName } from './tls-names.js';
import { CONN_ID_FIELDS } from '../conn-id-fields.js';
import { communityIdOf } from '../community-id/community-id-logging.js';
import { tlsFingerprintsOf } from '../tls-fingerprints/tls-fingerprint-log.js';

export const SSL_LOG: LogStreamSpec = {
  path: 'ssl',
  doc:
    'One row per TLS or DTLS session, or QUIC handshake: what the handshake negotiated and ' +
    'showed.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time the session was first seen.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
    ...CONN_ID_FIELDS,
    {
      name: 'version',
      type: 'string',
      optional: true,
      doc: 'Version the server chose (TLSv12, TLSv13, DTLSv10, ...); unset without a ServerHello.',
    },
    { name: 'cipher', type: 'string', optional: true, doc: 'Cipher suite the server chose.' },
    {
      name: 'curve',
      type: 'string',
      optional: true,
      doc: 'Elliptic curve or group of an (EC)DHE key exchange or TLS 1.3 key share.',
    },
    {
      name: 'server_name',
      type: 'string',
      optional: true,
      doc: 'First SNI host name the client sent.',
    },
    { name: 'resumed', type: 'bool', doc: 'The session reused keys of an earlier one.' },
    {
      name: 'last_alert',
      type: 'string',
      optional: true,
      doc: 'Last alert seen, from either side.',
    },
    {
      name: 'next_protocol',
      type: 'string',
      optional: true,
      doc: 'Application protocol the server chose with ALPN.',
    },
    { name: 'established', type: 'bool', doc: 'Both sides switched to encrypted records.' },
    {
      name: 'ssl_history',
      type: 'string',
      doc:
        'Letters for the handshake messages, alerts and cipher changes seen, in order; ' +
        'upper case when sent by the client (see the ssl.log documentation for the letters).',
    },
    {
      name: 'cert_chain_fps',
      type: 'vector[string]',
      optional: true,
      doc: 'SHA-256 fingerprints of the server certificates; unset if no certificate was seen.',
    },
    {
      name: 'client_cert_chain_fps',
      type: 'vector[string]',
      optional: true,
      doc: 'SHA-256 fingerprints of the client certificates; unset if no certificate was seen.',
    },
    {
      name: 'sni_matches_cert',
      type: 'bool',
      optional: true,
      doc: 'Whether the SNI name matches the server certificate; unset without SNI or certificate.',
    },
  ],
};

export interface SslLogOptions {
  /** Longest ssl_history kept; reaching it raises a weird. */
  readonly maxHistoryLength: number;
}

export const DEFAULT_SSL_LOG_OPTIONS: SslLogOptions = { maxHistoryLength: 100 };

/** The random of a ServerHello that is a HelloRetryRequest (RFC 8446 4.1.3). */
const HRR_RANDOM = Buffer.from(
  'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c',
  'hex',
);

/** Subscribes the handlers that fill SSL records and write ssl.log. */
export function registerSslLog(
  events: EventBus<CoreEvents>,
  logs: LogManager,
  options: SslLogOptions = DEFAULT_SSL_LOG_OPTIONS,
): void {
  logs.createStream(SSL_LOG);
  const history = (c: Connection, isClient: boolean, letter: string) =>
    addHistory(sslSession(c), isClient, letter, options.maxHistoryLength);
  const write = (info: SslInfo) => writeRecord(logs, info);

  subscribeHellos(events, history);
  subscribeExtensions(events);
  subscribeRecords(events, history);
  subscribeCertificates(events);
  subscribeCompletion(events, write);
}

function subscribeHellos(
  events: EventBus<CoreEvents>,
  history: (c: Connection, isClient: boolean, l: string) => void,
): void {
  events.on(
    'ssl_client_hello',
    (c, _version, recordVersion, _ts, _random, sessionId) => {
      const info = sslSession(c);
      if (sessionId.some((b) => b !== 0)) {
        info.sessionId = Buffer.from(sessionId).toString('hex');
        info.clientTicketEmptySessionSeen = false;
      }
      if (recordVersion === 0) history(c, true, 'c');
    },
    5,
  );
  events.on(
    'ssl_server_hello',
    (c, version, _rv, _ts, random, sessionId, cipher) => {
      const info = sslSession(c);
      if (info.versionNum === undefined) setVersion(info, version);
      info.cipher = cipherName(cipher);
      if (Buffer.from(random).equals(HRR_RANDOM)) info.hrrSeen = true;
      const sameId = info.sessionId === Buffer.from(sessionId).toString('hex');
      const v = info.versionNum!;
      if (sameId && Math.floor(v / 0xff) !== 0x7f && v !== Version.TLSv13) info.resumed = true;
      if (version === Version.SSLv2) history(c, false, 's');
    },
    5,
  );
  events.on(
    'ssl_handshake_message',
    (c, isClient, msgType) => {
      const info = sslSession(c);
      if (isClient && msgType === HandshakeType.CLIENT_KEY_EXCHANGE)
        info.clientKeyExchangeSeen = true;
      if (msgType === HandshakeType.SERVER_HELLO && info.hrrSeen) {
        info.hrrSeen = false;
        history(c, isClient, 'j');
        return;
      }
      history(c, isClient, handshakeLetter(msgType));
    },
    5,
  );
}

function subscribeExtensions(events: EventBus<CoreEvents>): void {
  events.on('ssl_extension_supported_versions', (c, isClient, versions) => {
    if (isClient || versions.length !== 1) return;
    setVersion(sslSession(c), versions[0]);
  });
  events.on(
    'ssl_ecdh_server_params',
    (c, curve) => {
      sslSession(c).curve = curveName(curve);
    },
    5,
  );
  events.on('ssl_extension_key_share', (c, isClient, curves) => {
    if (isClient || curves.length !== 1) return;
    sslSession(c).curve = curveName(curves[0]);
  });
  events.on(
    'ssl_extension_server_name',
    (c, isClient, names) => {
      const info = sslSession(c);
      if (isClient && names.length > 0) info.serverName = names[0].slice();
    },
    5,
  );
  events.on('ssl_extension_application_layer_protocol_negotiation', (c, isClient, protocols) => {
    const info = sslSession(c);
    if (!isClient && protocols.length > 0) info.nextProtocol = protocols[0].slice();
  });
  events.on(
    'ssl_extension',
    (c, isClient, code, val) => {
      const info = sslSession(c);
      if (isClient && code === ExtensionType.SESSION_TICKET && val.length > 0) {
        info.clientTicketEmptySessionSeen = true;
      } else if (isClient && code === ExtensionType.PRE_SHARED_KEY) {
        info.clientPskSeen = true;
      } else if (!isClient && code === ExtensionType.PRE_SHARED_KEY && info.clientPskSeen) {
        info.resumed = true;
      }
    },
    5,
  );
}

function subscribeRecords(
  events: EventBus<CoreEvents>,
  history: (c: Connection, isClient: boolean, l: string) => void,
): void {
  events.on('ssl_connection_flipped', (c) => {
    sslSession(c).history += '^';
  });
  events.on(
    'ssl_change_cipher_spec',
    (c, isClient) => {
      const info = sslSession(c);
      history(c, isClient, 'i');
      if (isClient && info.clientTicketEmptySessionSeen && !info.clientKeyExchangeSeen) {
        info.resumed = true;
      }
    },
    5,
  );
  events.on(
    'ssl_alert',
    (c, isClient, _level, desc) => {
      history(c, isClient, 'l');
      sslSession(c).lastAlert = alertName(desc);
    },
    5,
  );
  events.on('ssl_heartbeat', (c, isClient) => history(c, isClient, 'b'));
}

/** Certificates join the chain of their side as they are seen (Zeek's `file_sniff`). */
function subscribeCertificates(events: EventBus<CoreEvents>): void {
  events.on(
    'ssl_certificate_file',
    (f) => {
      const info = sslInfoOf(f.conn);
      if (info === undefined) return;
      if (info.certChain === undefined) {
        info.certChain = [];
        info.clientCertChain = [];
        info.certChainFps = [];
        info.clientCertChainFps = [];
      }
      (f.isClient ? info.clientCertChain! : info.certChain).push(f);
    },
    5,
  );
}

function subscribeCompletion(events: EventBus<CoreEvents>, write: (info: SslInfo) => void): void {
  events.on(
    'ssl_established',
    (c) => {
      const info = sslSession(c);
      info.established = true;
      write(info);
    },
    7,
  );
  events.on(
    'ssl_analyzer_violation',
    (c) => {
      const info = sslInfoOf(c);
      if (info !== undefined) write(info);
    },
    5,
  );
  events.on(
    'connection_state_remove',
    (c) => {
      const info = sslInfoOf(c);
      if (info !== undefined) write(info);
    },
    -3,
  );
}

function setVersion(info: SslInfo, version: number): void {
  info.versionNum = version;
  info.version = versionName(version);
}

function addHistory(info: SslInfo, isClient: boolean, letter: string, max: number): void {
  if (info.history.length === max) return;
  info.history += isClient ? letter.toUpperCase() : letter.toLowerCase();
  if (info.history.length === max) {
    info.reportWeird?.('SSL_max_ssl_history_length_reached', `${max}`);
  }
}

/** Fills the chain-derived fields (Zeek's `ssl_finishing` hook) and writes the row once. */
function writeRecord(logs: LogManager, info: SslInfo): void {
  if (info.logged) return;
  info.logged = true;
  finishChains(info);
  const c = info.conn;
  logs.write(SSL_LOG.path, {
    ts: info.ts,
    uid: c.uid,
    'id.orig_h': c.origH,
    'id.orig_p': c.origPort,
    'id.resp_h': c.respH,
    'id.resp_p': c.respPort,
    community_id: communityIdOf(c),
    version: info.version,
    cipher: info.cipher,
    curve: info.curve,
    server_name: info.serverName,
    resumed: info.resumed,
    last_alert: info.lastAlert,
    next_protocol: info.nextProtocol,
    established: info.established,
    ssl_history: info.history,
    cert_chain_fps: info.certChainFps,
    client_cert_chain_fps: info.clientCertChainFps,
    sni_matches_cert: info.sniMatchesCert,
    ...tlsFingerprintsOf(c),
  });
}

function finishChains(info: SslInfo): void {
  for (const f of info.certChain ?? [])
    if (f.x509 !== undefined) info.certChainFps!.push(f.x509.fingerprint);
  for (const f of info.clientCertChain ?? []) {
    if (f.x509 !== undefined) info.clientCertChainFps!.push(f.x509.fingerprint);
  }
  const host = info.certChain?.[0]?.x509;
  if (host !== undefined && info.serverName !== undefined) {
    info.sniMatchesCert = certMatchesHostname(
      host,
      Buffer.from(info.serverName).toString('latin1'),
    );
  }
}

/**
 * The per-connection record behind an ssl.log row (Zeek's `SSL::Info`), filled by the event
 * handlers in ssl-log.ts and written once: when the session is established, when the analyzer
 * gives up, or when the connection ends.
 */
import type { Connection } from '../../stages/connection.js';
import { eventTime } from '../event-time.js';
import type { CertificateFile } from './certificate-file.js';

export class SslInfo {
  /** Network time the session was first seen. */
  readonly ts: number;
  versionNum: number | undefined;
  version: string | undefined;
  cipher: string | undefined;
  curve: string | undefined;
  /** First SNI host name the client sent (raw bytes). */
  serverName: Uint8Array | undefined;
  /** Hex of the client's non-zero session id, for resumption detection. */
  sessionId: string | undefined;
  resumed = false;
  /** The client sent a session ticket while its session id was empty (RFC 5077 3.4). */
  clientTicketEmptySessionSeen = false;
  clientKeyExchangeSeen = false;
  clientPskSeen = false;
  lastAlert: string | undefined;
  /** First ALPN protocol the server chose (raw bytes). */
  nextProtocol: Uint8Array | undefined;
  established = false;
  logged = false;
  /** A HelloRetryRequest was seen (its handshake message gets `j`). */
  hrrSeen = false;
  /** Letters of what was seen; upper case from the client. */
  history = '';
  /** Certificates of the server's and the client's chain, once any was seen. */
  certChain: CertificateFile[] | undefined;
  clientCertChain: CertificateFile[] | undefined;
  certChainFps: string[] | undefined;
  clientCertChainFps: string[] | undefined;
  sniMatchesCert: boolean | undefined;
  /** Reports a weird on the connection, through the SSL analyzer that saw it. */
  reportWeird: ((name: string, addl?: string) => void) | undefined;

  constructor(readonly conn: Connection, now: number) {
    this.ts = now;
  }
}

/** Keys of the record and of the analyzer's weird reporter on `Connection.extra`. */
const EXTRA_KEY = 'ssl';
const WEIRD_KEY = 'ssl.weird';

/** Lets records of this connection report weirds through its SSL analyzer. */
export function setSslWeirdReporter(c: Connection, weird: (name: string, addl?: string) => void) {
  c.extra.set(WEIRD_KEY, weird);
}

export function sslInfoOf(c: Connection): SslInfo | undefined {
  return c.extra.get(EXTRA_KEY) as SslInfo | undefined;
}

/**
 * The connection's record, created if this is its first SSL event, stamped with the network
 * time of the packet being analyzed (Zeek's `set_session`).
 */
export function sslSession(c: Connection): SslInfo {
  let info = sslInfoOf(c);
  if (info === undefined) {
    info = new SslInfo(c, eventTime(c));
    info.reportWeird = c.extra.get(WEIRD_KEY) as SslInfo['reportWeird'];
    c.extra.set(EXTRA_KEY, info);
  }
  return info;
}

/**
 * The transaction bookkeeping of Zeek's base/protocols/http scripts: requests and replies are
 * matched in order (pipelining), a 1xx reply keeps its request waiting for the final one, and
 * each finished reply writes its transaction to http.log; what is still pending is written
 * when the connection goes away. Headers fill host, referrer, user agent, origin, proxy
 * headers and Basic-Auth user; bodies become files listed in the transaction.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { Connection } from '../../stages/connection.js';
import type { FileState } from '../files/file-state.js';
import { latin1 } from './http-bytes.js';
import { basicAuthUser } from './http-basic-auth.js';
import { filenameFromDisposition } from './http-filename.js';
import { HttpInfo } from './http-info.js';
import type { HttpOptions } from './http-options.js';

/** Methods Zeek knows; others are a weird (HTTP::http_methods). */
export const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE', 'CONNECT', 'PROPFIND', 'PROPPATCH',
  'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'POLL', 'REPORT', 'SUBSCRIBE', 'BMOVE', 'SEARCH',
  'QUERY',
]);

/** Request headers that suggest the request went through a proxy (HTTP::proxy_headers). */
export const PROXY_HEADERS: ReadonlySet<string> = new Set([
  'FORWARDED', 'X-FORWARDED-FOR', 'X-FORWARDED-FROM', 'CLIENT-IP', 'VIA', 'XROXY-CONNECTION',
  'PROXY-CONNECTION',
]);

const STATE_KEY = 'http';
const FILE_KEY = 'http';

/** Per-connection state (Zeek's HTTP::State plus `c$http`). */
class HttpState {
  readonly pending = new Map<number, HttpInfo>();
  currentRequest = 0;
  currentResponse = 0;
  transDepth = 0;
  /** The transaction the last event was about (Zeek's `c$http`). */
  current: HttpInfo | undefined;
}

const isInfoCode = (code: number | undefined) => code !== undefined && code >= 100 && code <= 199;

/** Network time of the delivery being analyzed. */
function now(c: Connection): number {
  return c.analysis?.now ?? c.lastTime;
}

/**
 * Zeek's HTTP file handle for a reply to a request with a Range header: the client's address
 * and the URL, so every range of that URL the client fetches, over any connection, is the same
 * file. Undefined otherwise (each body, each part, is a file of its own).
 */
export function rangeFileHandle(c: Connection, isOrig: boolean): string | undefined {
  const info = (c.extra.get(STATE_KEY) as HttpState | undefined)?.current;
  if (isOrig || info === undefined || !info.rangeRequest) return undefined;
  return `HTTP ${c.origH} ${buildUrl(info)}`;
}

/** The URL of a transaction as Zeek's HTTP::build_url writes it (no scheme). */
export function buildUrl(info: HttpInfo): string {
  const uri = info.uri === undefined ? '/<missed_request>' : latin1(info.uri);
  if (uri.includes('://')) return uri;
  const { conn } = info;
  let host = info.host !== undefined ? latin1(info.host) : conn.respH;
  if (info.host === undefined && conn.ipVersion === 6) host = `[${host}]`;
  if (conn.respPort !== 80) host = `${host}:${conn.respPort}`;
  return `${host}${uri}`;
}

export class HttpTransactions {
  constructor(
    private readonly options: HttpOptions,
    private readonly weirds: ConnWeirdReporter,
    /** Writes one http.log record. */
    private readonly write: (info: HttpInfo) => void,
  ) {}

  /** Subscribes the handlers, at Zeek's priorities. */
  subscribe(events: EventBus<CoreEvents>): void {
    events.on('http_request', (c, method, _uri, uri) => this.onRequest(c, method, uri), 5);
    events.on('http_reply', (c, version, code, why) => this.onReply(c, version, code, why), 5);
    events.on('http_header', (c, isOrig, _n, name, value) => this.onHeader(c, isOrig, name, value),
      5);
    events.on('http_header', (c, _isOrig, _n, name, value) => this.onEntityHeader(c, name, value),
      3);
    events.on('http_begin_entity', (c, isOrig) => this.onBeginEntity(c, isOrig), 10);
    events.on('http_end_entity', (c) => this.onEndEntity(c), 5);
    events.on('http_message_done', (c, isOrig, stat) => {
      const info = this.setState(c, isOrig);
      if (isOrig) info.requestBodyLen = stat.bodyLength;
      else info.responseBodyLen = stat.bodyLength;
    }, 5);
    events.on('http_message_done', (c, isOrig) => this.onMessageDone(c, isOrig), -5);
    events.on('file_over_new_connection', (f, c) => this.onFileOverConnection(f, c), 5);
    events.on('file_sniff', (f, meta) => this.onFileSniff(f, meta.mimeType), 5);
    events.on('connection_state_remove', (c) => this.finalize(c), -3);
  }

  private state(c: Connection): HttpState {
    let s = c.extra.get(STATE_KEY) as HttpState | undefined;
    if (s === undefined) c.extra.set(STATE_KEY, (s = new HttpState()));
    return s;
  }

  private newSession(c: Connection, s: HttpState): HttpInfo {
    return new HttpInfo(now(c), c, ++s.transDepth);
  }

  /** The transaction a message in direction `isOrig` belongs to; becomes `c$http`. */
  private setState(c: Connection, isOrig: boolean): HttpInfo {
    const s = this.state(c);
    const index = isOrig ? s.currentRequest : s.currentResponse;
    let info = s.pending.get(index);
    if (info === undefined) s.pending.set(index, (info = this.newSession(c, s)));
    s.current = info;
    return info;
  }

  private onRequest(c: Connection, method: Uint8Array, unescapedUri: Uint8Array): void {
    const s = this.state(c);
    if (s.currentRequest < s.currentResponse) {
      this.weird(c, 'HTTP_response_before_request');
      s.currentRequest = s.currentResponse;
    }
    const max = this.options.maxPendingRequests;
    if (max > 0 && s.pending.size > max) this.flushPipeline(c, s, max);

    s.currentRequest++;
    const info = this.setState(c, true);
    info.method = method;
    info.uri = unescapedUri;
    const name = latin1(method);
    if (!HTTP_METHODS.has(name)) this.weird(c, 'unknown_HTTP_method', name);
  }

  /** Too many requests wait for replies: log them all and start matching afresh. */
  private flushPipeline(c: Connection, s: HttpState, max: number): void {
    this.weird(c, 'HTTP_excessive_pipelining', `${s.pending.size}/${max}`, 'HTTP');
    if (s.currentResponse === 0) s.currentResponse++;
    for (; s.currentResponse < s.currentRequest; s.currentResponse++) {
      const info = s.pending.get(s.currentResponse);
      if (info === undefined) continue;
      this.write(info);
      s.pending.delete(s.currentResponse);
    }
  }

  private onReply(c: Connection, version: string, code: number, reason: Uint8Array): void {
    const s = this.state(c);
    const waiting = s.pending.get(s.currentResponse);
    const answered = waiting?.statusCode !== undefined && !isInfoCode(waiting.statusCode);
    if (waiting === undefined || answered) {
      s.currentResponse++;
    }
    const info = this.setState(c, false);
    info.statusCode = code;
    info.statusMsg = reason;
    info.version = version;
    if (isInfoCode(code)) {
      info.infoCode = code;
      info.infoMsg = reason;
    }
  }

  private onHeader(c: Connection, isOrig: boolean, name: string, value: Uint8Array): void {
    const info = this.setState(c, isOrig);
    if (!isOrig) return;
    switch (name) {
      case 'REFERER': info.referrer = value; return;
      case 'HOST': info.host = value; return;
      case 'RANGE': info.rangeRequest = true; return;
      case 'ORIGIN': info.origin = value; return;
      case 'USER-AGENT': info.userAgent = value; return;
    }
    if (PROXY_HEADERS.has(name)) {
      info.proxied ??= [];
      const entry = `${name} -> ${latin1(value)}`;
      if (!info.proxied.includes(entry)) info.proxied.push(entry);
    } else if (name === 'AUTHORIZATION' || name === 'PROXY-AUTHORIZATION') {
      const auth = basicAuthUser(value);
      if (auth === undefined) return;
      info.username = auth.username;
      if (this.options.capturePasswords) info.password = auth.password;
    }
  }

  private onBeginEntity(c: Connection, isOrig: boolean): void {
    const info = this.setState(c, isOrig);
    if (isOrig) info.origMimeDepth++;
    else info.respMimeDepth++;
    info.currentEntity = {};
  }

  private onEntityHeader(c: Connection, name: string, value: Uint8Array): void {
    const info = this.state(c).current;
    if (info?.currentEntity === undefined) {
      this.weird(c, 'missing_HTTP_entity', undefined, 'HTTP');
      return;
    }
    const text = latin1(value);
    const named = (name === 'CONTENT-DISPOSITION' && /filename[ \t]*\*?=/i.test(text)) ||
      (name === 'CONTENT-TYPE' && /name[ \t]*=/i.test(text));
    if (named) info.currentEntity.filename = filenameFromDisposition(value);
  }

  private onEndEntity(c: Connection): void {
    const info = this.state(c).current;
    if (info !== undefined) info.currentEntity = undefined;
  }

  private onMessageDone(c: Connection, isOrig: boolean): void {
    const s = this.state(c);
    const info = s.current;
    // The reply ends the transaction, unless it was a 1xx and the real one is still to come.
    if (isOrig || info === undefined || isInfoCode(info.statusCode)) return;
    this.write(info);
    s.pending.delete(s.currentResponse);
  }

  private onFileOverConnection(f: FileState, c: Connection): void {
    const info = this.state(c).current;
    if (f.source !== 'HTTP' || info === undefined) return;
    f.extra.set(FILE_KEY, info);
    const filename = info.currentEntity?.filename;
    if (filename !== undefined) f.filename = filename;

    const orig = f.isOrig === true;
    const fuids = orig ? (info.origFuids ??= []) : (info.respFuids ??= []);
    if (fuids.length >= (orig ? this.options.maxFilesOrig : this.options.maxFilesResp)) return;
    fuids.push(f.id);
    if (f.filename === undefined) return;
    if (orig) (info.origFilenames ??= []).push(f.filename);
    else (info.respFilenames ??= []).push(f.filename);
  }

  private onFileSniff(f: FileState, mimeType: string | undefined): void {
    const info = f.extra.get(FILE_KEY) as HttpInfo | undefined;
    if (info === undefined || f.isOrig === undefined || mimeType === undefined) return;
    const types = f.isOrig ? (info.origMimeTypes ??= []) : (info.respMimeTypes ??= []);
    if (types.length >= (f.isOrig ? this.options.maxFilesOrig : this.options.maxFilesResp)) return;
    types.push(mimeType);
  }

  /** The connection ends: every transaction still pending is written. */
  private finalize(c: Connection): void {
    const s = c.extra.get(STATE_KEY) as HttpState | undefined;
    if (s === undefined) return;
    for (const [index, info] of s.pending) {
      if (index !== 0) this.write(info);
    }
    s.pending.clear();
  }

  private weird(c: Connection, name: string, addl?: string, source?: string): void {
    this.weirds.connWeird(name, now(c), c, addl, source);
  }
}

/**
 * The HTTP/1.x analyzer of one connection, following Zeek's: request and status lines,
 * pipelined messages matched in order, HTTP/0.9 (a request without a version answered by raw
 * data until the server closes), 1xx interim replies, and CONNECT or protocol upgrades, after
 * which the connection carries another protocol and HTTP parsing stops. Malformed input is
 * reported as Zeek's HTTP weirds; nothing here throws on traffic.
 */
import type { Analyzer, AnalyzerContext } from '../analyzer.js';
import type { FileHandle } from '../files/file-manager.js';
import { fileManagerFor } from '../files/file-service.js';
import { registerTunnel } from '../tunnels/tunnel-log.js';
import { equalsIgnoreCase, isPrefixIgnoreCase, latin1 } from './http-bytes.js';
import { valueToken, type HttpHeader } from './http-header.js';
import { HttpLineReader } from './http-line-reader.js';
import { HttpMessage, type BodyExpectation } from './http-message.js';
import type { HttpMessageHost } from './http-message-host.js';
import type { HttpOptions } from './http-options.js';
import { parseReplyLine } from './http-reply-line.js';
import { parseRequestLine, type ParseReports } from './http-request-line.js';
import { rangeFileHandle } from './http-transactions.js';
import {
  persistsByDefault, sameVersion, VERSION_09, VERSION_UNSET, versionText, type HttpVersion,
} from './http-version.js';
import { copyBytes } from '../../stages/copy-bytes.js';

type RequestState = 'line' | 'message' | 'nothing';
type ReplyState = 'line' | 'message' | 'nothing' | 'http09';

const EMPTY_REASON = Buffer.from('<empty>');

export class HttpAnalyzer implements Analyzer, HttpMessageHost {
  readonly conn;
  readonly events;
  private requestState: RequestState = 'line';
  private replyState: ReplyState = 'line';
  private numRequests = 0;
  private numReplies = 0;
  private requestVersion: HttpVersion = VERSION_UNSET;
  private replyVersion: HttpVersion = VERSION_UNSET;
  private keepAlive = false;
  private connectionClose = false;
  private requestOngoing = false;
  private replyOngoing = false;
  private connectRequest = false;
  /** The connection now carries another protocol (CONNECT tunnel, upgrade). */
  private tunnelled = false;
  /** After a CONNECT, what the tunnel carries goes to TLS analysis (the usual case). */
  private tunnelChild: Analyzer | undefined;
  private upgradeConnection = false;
  private upgradeProtocol = '';
  private requestMethod: Uint8Array | undefined;
  /** Methods of requests not answered yet, oldest first. */
  private readonly unanswered: Uint8Array[] = [];
  private code = 0;
  private reason: Uint8Array | undefined;
  private requestMessage: HttpMessage | undefined;
  private replyMessage: HttpMessage | undefined;
  private readonly origReader: HttpLineReader;
  private readonly respReader: HttpLineReader;
  private readonly reports: ParseReports;
  /** Bytes of the current delivery after the line being handled (for tunnel weirds). */
  private lineRemaining = 0;

  constructor(private readonly ctx: AnalyzerContext, readonly options: HttpOptions) {
    this.conn = ctx.conn;
    this.events = ctx.events;
    this.origReader = this.lineReader(true);
    this.respReader = this.lineReader(false);
    this.reports = {
      weird: (name) => ctx.weird(name),
      event: (category, detail) => this.httpEvent(category, detail),
    };
  }

  private lineReader(isOrig: boolean): HttpLineReader {
    return new HttpLineReader({
      line: (line, remaining) => this.onLine(isOrig, line, remaining),
      plain: (bytes) => this.onPlain(isOrig, bytes),
      lineTooLong: () => this.ctx.weird('contentline_size_exceeded'),
    }, this.options.maxLineBytes);
  }

  // --- Analyzer ---

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (this.tunnelled) {
      this.tunnelChild?.deliverStream?.(isOrig, data);
      return;
    }
    if (this.conn.tcp?.isPartial === true) return;
    if (!isOrig && this.replyState === 'http09') {
      this.deliverHttp09(data);
      return;
    }
    (isOrig ? this.origReader : this.respReader).deliver(data);
  }

  gap(isOrig: boolean, length: number): void {
    const message = isOrig ? this.requestMessage : this.replyMessage;
    if (message !== undefined && !message.finished) {
      this.httpEvent('content gap', Buffer.from(`len=${length}`));
    }
    if (message !== undefined && message.undelivered(length)) return;
    if (isOrig) this.requestMade(true, 'message interrupted by a content gap');
    this.replyMade(true, 'message interrupted by a content gap');
    (isOrig ? this.origReader : this.respReader).skip = true;
  }

  endOfData(isOrig: boolean): void {
    this.tunnelChild?.endOfData?.(isOrig);
    const detail = 'message ends as connection contents are completely delivered';
    if (!this.tunnelled) (isOrig ? this.origReader : this.respReader).endOfData();
    if (isOrig) this.requestMade(false, detail);
    else this.replyMade(false, detail);
  }

  done(): void {
    this.tunnelChild?.done?.();
    this.requestMade(true, 'message interrupted when connection done');
    this.replyMade(true, 'message interrupted when connection done');
    // A 206 reply's file stays open: other ranges of it may follow (Zeek leaves it to time out).
    this.requestMessage?.endFile();
  }

  // --- HttpMessageHost ---

  now(): number {
    return this.ctx.now();
  }

  weird(name: string, addl?: string): void {
    this.ctx.weird(name, addl);
  }

  httpEvent(category: string, detail: Uint8Array): void {
    this.events.emit('http_event', this.conn, category, detail);
  }

  partial(): void {
    this.ctx.partial();
  }

  setPlainDelivery(isOrig: boolean, length: number): void {
    (isOrig ? this.origReader : this.respReader).plainRemaining = length;
  }

  setCrlfOnly(isOrig: boolean, on: boolean): void {
    (isOrig ? this.origReader : this.respReader).crlfOnly = on;
  }

  replyCode(): number {
    return this.code;
  }

  isConnectionClose(): boolean {
    return this.connectionClose;
  }

  transferVersion(): HttpVersion {
    return this.requestOngoing ? this.requestVersion : this.replyVersion;
  }

  startFile(isOrig: boolean, totalBytes: number | undefined): FileHandle | undefined {
    return fileManagerFor(this.events)?.start(this.conn, isOrig, 'HTTP', () => this.ctx.now(),
      { totalBytes }, rangeFileHandle(this.conn, isOrig));
  }

  messageDone(isOrig: boolean): void {
    if (isOrig) this.requestMade(false, 'message ends normally');
    else this.replyMade(false, 'message ends normally');
  }

  /** Connection-level meaning of a header, then the http_header event. */
  header(isOrig: boolean, h: HttpHeader): void {
    const token = () => valueToken(h.value)?.token;
    if (h.upperName === 'CONNECTION') {
      if (isOrig && equalsIgnoreCase(token(), 'keep-alive')) this.keepAlive = true;
      if (!isOrig && equalsIgnoreCase(token(), 'close')) this.connectionClose = true;
      else if (!isOrig && equalsIgnoreCase(token(), 'upgrade')) this.upgradeConnection = true;
    }
    if (!isOrig && h.upperName === 'UPGRADE') {
      const t = token();
      this.upgradeProtocol = t === undefined ? '' : latin1(t);
    }
    this.events.emit('http_header', this.conn, isOrig, h.name, h.upperName, h.value);
  }

  // --- Lines and plain data ---

  private onPlain(isOrig: boolean, bytes: Uint8Array): void {
    const message = isOrig ? this.requestMessage : this.replyMessage;
    if (message !== undefined) message.deliver(bytes, false);
    else this.ctx.weird(isOrig ? 'unexpected_client_HTTP_data' : 'unexpected_server_HTTP_data');
  }

  private onLine(isOrig: boolean, line: Uint8Array, remaining: number): void {
    this.lineRemaining = remaining;
    if (isOrig) this.onRequestSideLine(line);
    else this.onReplySideLine(line, remaining);
  }

  private onRequestSideLine(line: Uint8Array): void {
    if (this.requestState === 'line') this.onRequestLine(line);
    else if (this.requestState === 'message') this.requestMessage!.deliver(line, true);
  }

  private onReplySideLine(line: Uint8Array, remaining: number): void {
    if (this.replyState === 'line') {
      this.onReplyLine(line);
    } else if (this.replyState === 'message') {
      this.replyMessage!.deliver(line, true);
      if (this.connectRequest && line.length === 0) this.startTunnel(remaining);
    }
  }

  private onRequestLine(line: Uint8Array): void {
    const parsed = parseRequestLine(line, this.reports);
    const request = parsed.ok ? parsed.request : undefined;
    if (request !== undefined) this.applyRequestVersion(request.version);
    if (request === undefined || !this.plausible09(request.method, request.uri)) {
      this.ctx.weird(parsed.ok ? 'bad_HTTP_request' : parsed.weird);
      this.notARequest(line);
      return;
    }

    this.requestMethod = copyBytes(request.method);
    this.numRequests++;
    if (!this.keepAlive && this.numRequests > 1) {
      this.ctx.weird('unexpected_multiple_HTTP_requests');
    }
    this.requestState = 'message';
    this.requestOngoing = true;
    this.unanswered.push(this.requestMethod);
    this.emitRequest(request.uri, request.unescapedUri);
    this.requestMessage = this.newMessage(this.requestMessage, true, 'maybe', line.length);
    if (sameVersion(this.requestVersion, VERSION_09)) this.expectHttp09Reply();
  }

  /** A version-less request must at least look like `GET <uri>`. */
  private plausible09(method: Uint8Array, uri: Uint8Array): boolean {
    if (!sameVersion(this.requestVersion, VERSION_09)) return true;
    return method.length >= 3 && uri.length > 0;
  }

  private applyRequestVersion(version: HttpVersion | undefined | null): void {
    if (version === null) return;
    this.setVersion(true, version ?? VERSION_09);
  }

  private notARequest(line: Uint8Array): void {
    if (!this.requestExpected()) {
      this.httpEvent('crud_trailing_HTTP_request', line);
    } else if (line.length === 0) {
      this.ctx.weird('empty_http_request');
    } else {
      this.ctx.violation('not a http request line');
      this.requestState = 'nothing';
    }
  }

  private requestExpected(): boolean {
    return this.numRequests === 0 || this.keepAlive;
  }

  private emitRequest(uri: Uint8Array, unescapedUri: Uint8Array): void {
    this.ctx.confirm();
    if (isPrefixIgnoreCase(this.requestMethod!, 'CONNECT')) this.connectRequest = true;
    // The unescaped URI is a fresh array already; the URI is a view into the line buffer.
    this.events.emit('http_request', this.conn, this.requestMethod!, copyBytes(uri),
      unescapedUri, versionText(this.requestVersion));
  }

  /** HTTP/0.9: the server answers with raw data, without a status line or headers. */
  private expectHttp09Reply(): void {
    const method = latin1(this.requestMethod!);
    if (method !== 'GET') this.ctx.weird('invalid_http_09_request_method', method);
    if (this.replyMessage !== undefined) {
      this.ctx.weird('http_09_reply_before_request');
      this.replyMessage.done(false, 'message ends normally');
      this.replyMessage = undefined;
    }
    this.replyState = 'http09';
  }

  private deliverHttp09(data: Uint8Array): void {
    if (this.replyMessage === undefined) {
      this.setVersion(false, VERSION_09);
      if (this.unanswered.length > 0) {
        this.ctx.confirm();
        this.unanswered.shift();
      }
      this.connectionClose = true;
      this.replyOngoing = true;
      this.emitReply();
      this.replyMessage = this.newMessage(undefined, false, this.expectReplyBody(), 0);
      this.replyMessage.deliver(new Uint8Array(0), true);
    }
    this.replyMessage.deliver(data, false);
  }

  private onReplyLine(line: Uint8Array): void {
    const reply = parseReplyLine(line, this.reports);
    if (reply.version !== undefined) this.setVersion(false, reply.version);
    if (!reply.ok) {
      if (line.length > 0) {
        this.ctx.violation('not a http reply line');
        this.replyState = 'nothing';
      }
      return;
    }

    this.code = reply.code;
    this.reason = reply.reason === undefined ? undefined : copyBytes(reply.reason);
    this.numReplies++;
    if (this.unanswered.length > 0) this.ctx.confirm();
    this.replyState = 'message';
    this.replyOngoing = true;
    this.emitReply();
    if (this.connectRequest && this.code !== 200) this.connectRequest = false;
    this.replyMessage = this.newMessage(this.replyMessage, false, this.expectReplyBody(),
      line.length);
  }

  private emitReply(): void {
    this.events.emit('http_reply', this.conn, versionText(this.replyVersion), this.code,
      this.reason ?? EMPTY_REASON);
  }

  /** RFC 2616 4.4: no body after HEAD, nor in 1xx, 204 and 304 replies. */
  private expectReplyBody(): BodyExpectation {
    const method = this.unanswered[0];
    if (method !== undefined && isPrefixIgnoreCase(method, 'HEAD')) return 'not-expected';
    const c = this.code;
    if ((c >= 100 && c < 200) || c === 204 || c === 304) return 'not-expected';
    return 'expected';
  }

  private newMessage(
    previous: HttpMessage | undefined, isOrig: boolean, expect: BodyExpectation, lineLength: number,
  ): HttpMessage {
    if (previous !== undefined && !previous.finished) this.ctx.weird('HTTP_overlapping_messages');
    return new HttpMessage(this, isOrig, expect, lineLength);
  }

  private setVersion(isOrig: boolean, version: HttpVersion): void {
    const current = isOrig ? this.requestVersion : this.replyVersion;
    if (!sameVersion(current, VERSION_UNSET) && !sameVersion(current, version)) {
      this.ctx.weird('HTTP_version_mismatch');
    }
    if (isOrig) this.requestVersion = version;
    else this.replyVersion = version;
    if (persistsByDefault(version)) this.keepAlive = true;
  }

  // --- Ends of messages ---

  private requestMade(interrupted: boolean, detail: string): void {
    if (!this.requestOngoing) return;
    this.requestOngoing = false;
    this.requestMessage?.done(interrupted, detail);
    this.requestMethod = undefined;
    this.requestState = interrupted ? 'nothing' : 'line';
  }

  private replyMade(interrupted: boolean, detail: string): void {
    if (!this.replyOngoing) return;
    this.replyOngoing = false;
    this.replyMessage?.done(interrupted, detail);
    // A 1xx reply is not the answer to the request; the final one still is to come.
    const final = this.code < 100 || this.code >= 200;
    if (final && this.unanswered.length > 0) this.unanswered.shift();
    this.reason = undefined;
    const upgrade = this.code === 101 && this.unanswered.length === 1 && this.upgradeConnection &&
      this.upgradeProtocol !== '';
    if (upgrade) this.startTunnel(this.lineRemaining, 'upgrade');
    this.code = 0;
    this.upgradeConnection = false;
    this.upgradeProtocol = '';
    this.replyState = interrupted || this.tunnelled ? 'nothing' : 'line';
  }

  /**
   * The connection turns into a tunnel (after a successful CONNECT) or another protocol (after
   * an upgrade): HTTP parsing stops. Bytes already received after the reply are a weird.
   */
  private startTunnel(remaining: number, kind: 'CONNECT' | 'upgrade' = 'CONNECT'): void {
    if (remaining > 0) {
      const name = kind === 'CONNECT' ? 'protocol_data_with_HTTP_CONNECT_reply'
        : 'protocol_data_with_HTTP_upgrade_reply';
      this.ctx.weird(name, String(remaining));
    }
    this.tunnelled = true;
    this.origReader.skip = true;
    this.respReader.skip = true;
    if (kind === 'CONNECT') {
      registerTunnel(this.events, this.conn, 'HTTP');
      this.tunnelChild = this.ctx.startChild('SSL');
    }
  }
}

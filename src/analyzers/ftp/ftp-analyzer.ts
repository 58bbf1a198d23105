/**
 * The FTP control-connection analyzer: splits each direction into NVT lines, parses client
 * commands and server replies, and raises `ftp_request` / `ftp_reply`. When the server accepts
 * `AUTH TLS` (RFC 4217 section 4), the rest of the connection is TLS and goes to a child SSL
 * analyzer, if one is loaded.
 */
import type { Analyzer, AnalyzerContext } from '../analyzer.js';
import type { FtpAnalyzerOptions } from './ftp-options.js';
import { FtpReplyParser } from './ftp-reply-line.js';
import { parseRequestLine } from './ftp-request-line.js';
import { NvtLines, type NvtSink } from './nvt-lines.js';

/** The reply that accepts a security mechanism and starts its exchange. */
const AUTH_ACCEPTED = 234;

export class FtpAnalyzer implements Analyzer {
  private readonly orig: NvtLines;
  private readonly resp: NvtLines;
  private readonly replies = new FtpReplyParser();
  private confirmed = false;
  /** The argument of the last AUTH command, until the server answers it. */
  private authRequested = '';
  /** Set once TLS took over; from then on bytes go to `tls` (if any) unparsed. */
  private tlsActive = false;
  private tls: Analyzer | undefined;
  private readonly weirdsSeen = new Set<string>();

  constructor(private readonly ctx: AnalyzerContext, private readonly options: FtpAnalyzerOptions) {
    this.orig = new NvtLines(this.sink(true), options.maxLineLength);
    this.resp = new NvtLines(this.sink(false), options.maxLineLength);
  }

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (this.tlsActive) {
      this.tls?.deliverStream?.(isOrig, data);
      return;
    }
    (isOrig ? this.orig : this.resp).feed(data);
  }

  gap(isOrig: boolean, length: number): void {
    this.tls?.gap?.(isOrig, length);
  }

  endOfData(isOrig: boolean): void {
    if (this.tlsActive) this.tls?.endOfData?.(isOrig);
    else (isOrig ? this.orig : this.resp).end();
  }

  done(): void {
    this.tls?.done?.();
  }

  private sink(isOrig: boolean): NvtSink {
    return {
      line: (bytes) => this.line(isOrig, bytes),
      weirdOnce: (name) => {
        if (this.weirdsSeen.has(name)) return;
        this.weirdsSeen.add(name);
        this.ctx.weird(name);
      },
      limitReached: (name, size) => {
        this.ctx.weird(name, String(size));
        this.ctx.partial();
      },
    };
  }

  private line(isOrig: boolean, bytes: Uint8Array): void {
    if (this.tlsActive || bytes.length === 0) return;
    if (isOrig) this.request(bytes);
    else this.reply(bytes);
  }

  private request(bytes: Uint8Array): void {
    const req = parseRequestLine(bytes, this.options.maxCommandLength);
    if (req.kind === 'invalid') {
      if (this.confirmed) this.ctx.weird('FTP_invalid_command');
      return;
    }
    if (req.kind === 'too_long') {
      // Before confirmation this is likely not FTP at all: the line is dropped quietly.
      if (!this.confirmed) return;
      this.ctx.weird('FTP_max_command_length_exceeded',
        `${req.length} > ${this.options.maxCommandLength}`);
      this.ctx.partial();
      return;
    }

    this.ctx.events.emit('ftp_request', this.ctx.conn, req.command, req.arg);
    this.confirm();
    // Zeek compares the command with "AUTH" over the command's own length.
    if (req.command.length >= 3 && 'AUTH'.startsWith(req.command)) this.authRequested = req.arg;
  }

  private reply(bytes: Uint8Array): void {
    const r = this.replies.parse(bytes);
    if (r.kind === 'violation') {
      this.ctx.violation(r.reason, bytes);
      return;
    }

    const { conn, events } = this.ctx;
    if (r.code === AUTH_ACCEPTED && this.authRequested === 'TLS') {
      events.emit('ftp_starttls', conn);
      this.startTls();
    }
    events.emit('ftp_reply', conn, r.code, r.msg, r.cont);
  }

  /** Hands the connection to TLS; without an SSL analyzer the encrypted bytes are skipped. */
  private startTls(): void {
    this.tlsActive = true;
    this.tls = this.ctx.startChild?.('SSL');
  }

  private confirm(): void {
    if (this.confirmed) return;
    this.confirmed = true;
    this.ctx.confirm();
  }
}

/**
 * Finds STARTTLS upgrades in SMTP, IRC and FTP connections when no analyzer of those protocols
 * is loaded to do it: it follows only the command lines and the server's answer, and on a
 * positive answer (SMTP `220` after `STARTTLS`, RFC 3207 4; IRC numeric `670`, IRCv3 tls;
 * FTP `234` after `AUTH TLS`, RFC 4217 4) hands the rest of the connection to TLS. A protocol
 * analyzer that hands off itself makes this one a no-op (one hand-off per connection).
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';
import { handOffToTls } from './starttls.js';

/** Longest command or reply line followed; longer lines end the watch. */
const MAX_LINE_BYTES = 4096;
const LF = 0x0a;

type Phase = 'plaintext' | 'requested' | 'tls' | 'done';

class StartTlsWatch implements Analyzer {
  private phase: Phase = 'plaintext';
  private readonly lines: [string, string] = ['', ''];
  private tls: Analyzer | undefined;

  constructor(
    private readonly ctx: AnalyzerContext,
    /** The client's upgrade command. */
    private readonly requests: RegExp,
    /** The server's positive answer to it. */
    private readonly accepts: RegExp,
  ) {}

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (this.phase === 'tls') {
      this.tls?.deliverStream?.(isOrig, data);
      return;
    }
    if (this.phase === 'done') return;
    let start = 0;
    for (let i = 0; i < data.length && !this.handedOff(); i++) {
      if (data[i] !== LF) continue;
      this.line(isOrig, data.subarray(start, i));
      start = i + 1;
    }
    if (this.handedOff()) {
      if (start < data.length) this.tls?.deliverStream?.(isOrig, data.subarray(start));
      return;
    }
    this.keepPartialLine(isOrig, data.subarray(start));
  }

  gap(isOrig: boolean, length: number): void {
    if (this.phase === 'tls') this.tls?.gap?.(isOrig, length);
    else this.phase = 'done';
  }

  private handedOff(): boolean {
    return this.phase === 'tls';
  }

  private line(isOrig: boolean, bytes: Uint8Array): void {
    const slot = isOrig ? 0 : 1;
    const text = (this.lines[slot] + Buffer.from(bytes).toString('latin1')).replace(/\r$/, '');
    this.lines[slot] = '';
    if (isOrig && this.requests.test(text)) this.phase = 'requested';
    else if (!isOrig && this.phase === 'requested' && this.accepts.test(text)) this.startTls();
  }

  private startTls(): void {
    this.tls = handOffToTls(this.ctx);
    this.phase = this.tls === undefined ? 'done' : 'tls';
  }

  private keepPartialLine(isOrig: boolean, rest: Uint8Array): void {
    const slot = isOrig ? 0 : 1;
    this.lines[slot] += Buffer.from(rest).toString('latin1');
    if (this.lines[slot].length > MAX_LINE_BYTES) this.phase = 'done';
  }
}

export const SMTP_STARTTLS_WATCH: AnalyzerSpec = {
  name: 'SMTP-STARTTLS',
  script: 'base/protocols/ssl',
  transports: ['tcp'],
  ports: { tcp: [25, 587] },
  create: (ctx) => new StartTlsWatch(ctx, /^STARTTLS\b/i, /^220[ -]/),
};

export const IRC_STARTTLS_WATCH: AnalyzerSpec = {
  name: 'IRC-STARTTLS',
  script: 'base/protocols/ssl',
  transports: ['tcp'],
  ports: { tcp: [6666, 6667, 6668, 6669] },
  create: (ctx) => new StartTlsWatch(ctx, /^STARTTLS\b/i, /^(:\S+ )?670 /),
};

export const FTP_AUTH_TLS_WATCH: AnalyzerSpec = {
  name: 'FTP-AUTH-TLS',
  script: 'base/protocols/ssl',
  transports: ['tcp'],
  ports: { tcp: [21] },
  create: (ctx) => new StartTlsWatch(ctx, /^AUTH (TLS|SSL)\b/i, /^234[ -]/),
};

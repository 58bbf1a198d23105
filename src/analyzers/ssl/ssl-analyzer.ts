/**
 * The SSL (TLS over TCP) and DTLS (over UDP) analyzers: found by Zeek's well-known ports or by
 * a ClientHello/ServerHello at the start of a connection, they frame records and hand them to
 * the shared record and handshake logic.
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec, Transport } from '../analyzer.js';
import { DtlsRecordReader } from './dtls-records.js';
import { setSslWeirdReporter } from './ssl-info.js';
import { TlsHandshake } from './tls-handshake.js';
import { TlsRecordFramer } from './tls-record-framer.js';
import { TlsRecordProcessor } from './tls-record-processor.js';
import { TlsSessionState } from './tls-session-state.js';
import { looksLikeDtlsClientHello, looksLikeTlsHello } from './tls-detect.js';

/** Record processing and violation reporting common to the TLS and DTLS analyzers. */
export class TlsAnalysis {
  readonly state = new TlsSessionState();
  readonly records: TlsRecordProcessor;

  constructor(
    readonly ctx: AnalyzerContext,
    /** `SSL` or `DTLS`, for the violation event. */
    readonly analyzerName: string,
  ) {
    setSslWeirdReporter(ctx.conn, (name, addl) => ctx.weird(name, addl));
    const violation = (reason: string) => this.violation(reason);
    const handshake = new TlsHandshake(ctx, this.state, violation);
    this.records = new TlsRecordProcessor(ctx, this.state, handshake, violation);
  }

  /**
   * Parsing stops for good: after a violation, or once the session is established (Zeek
   * detaches the analyzer then, as everything after is encrypted).
   */
  get stopped(): boolean {
    return this.state.skipping || this.records.established;
  }

  /** A violation after which parsing stops. */
  violation(reason: string): void {
    if (this.state.skipping) return;
    this.state.skipping = true;
    this.reportViolation(reason);
  }

  /** A violation that leaves parsing on (until dynamic protocol detection switches it off). */
  reportViolation(reason: string): void {
    this.ctx.events.emit('ssl_analyzer_violation', this.ctx.conn, this.analyzerName, reason);
    this.ctx.violation(reason);
  }
}

/** TLS over a TCP byte stream. */
export class SslAnalyzer implements Analyzer {
  private readonly tls: TlsAnalysis;
  private readonly framer: TlsRecordFramer;
  /** A content gap desynchronizes record framing: nothing more is parsed (as Zeek). */
  private hadGap = false;

  constructor(ctx: AnalyzerContext) {
    this.tls = new TlsAnalysis(ctx, 'SSL');
    const tls = this.tls;
    this.framer = new TlsRecordFramer({
      record: (isOrig, type, version, body) => tls.records.tlsRecord(isOrig, type, version, body),
      violation: (reason) => tls.violation(reason),
      get skipping() {
        return tls.stopped;
      },
    });
  }

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (this.hadGap || this.tls.stopped) return;
    // Zeek leaves connections whose start it did not see to other analyzers.
    if (this.tls.ctx.conn.tcp?.isPartial === true) return;
    this.framer.push(isOrig, data);
  }

  gap(): void {
    this.hadGap = true;
  }
}

/** DTLS: each UDP datagram holds whole records. */
export class DtlsAnalyzer implements Analyzer {
  private readonly tls: TlsAnalysis;
  private readonly reader: DtlsRecordReader;

  constructor(ctx: AnalyzerContext) {
    this.tls = new TlsAnalysis(ctx, 'DTLS');
    this.reader = new DtlsRecordReader(this.tls);
  }

  deliverPacket(isOrig: boolean, data: Uint8Array): void {
    if (this.tls.stopped) return;
    this.reader.datagram(isOrig, data);
  }
}

export const SSL_ANALYZER: AnalyzerSpec = {
  name: 'SSL',
  script: 'base/protocols/ssl',
  transports: ['tcp'],
  ports: { tcp: [443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223] },
  detect: (data: Uint8Array, isOrig: boolean, transport: Transport) =>
    transport === 'tcp' && looksLikeTlsHello(data, isOrig),
  create: (ctx) => new SslAnalyzer(ctx),
};

export const DTLS_ANALYZER: AnalyzerSpec = {
  name: 'DTLS',
  script: 'base/protocols/ssl',
  transports: ['udp'],
  ports: { udp: [443] },
  detect: (data: Uint8Array, _isOrig: boolean, transport: Transport) =>
    transport === 'udp' && looksLikeDtlsClientHello(data),
  create: (ctx) => new DtlsAnalyzer(ctx),
};

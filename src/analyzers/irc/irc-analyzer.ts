/**
 * The IRC analyzer (TCP 6666-6669, or by content): splits each direction into lines,
 * interprets commands and replies into events, confirms on the first valid client command,
 * announces the data connection of each DCC SEND, and after an accepted STARTTLS hands the
 * rest of the stream to the TLS analyzer.
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';
import { interpretCommand, MAX_IRC_COMMAND_BYTES, type IrcCommandContext } from './irc-commands.js';
import { IRC_DATA_ANALYZER_NAME } from './irc-data-analyzer.js';
import { looksLikeIrcClient } from './irc-detect.js';
import { parseIrcLine } from './irc-line.js';
import { interpretReply } from './irc-replies.js';
import { binaryString } from './irc-text.js';
import { isValidClientCommand } from './irc-valid-commands.js';
import { IrcZipState } from './irc-zip-state.js';
import { LineSplitter } from './line-splitter.js';

export const IRC_PORTS = [6666, 6667, 6668, 6669];

export interface IrcOptions {
  /** Longest line buffered per direction (Zeek's content-line limit for IRC). */
  readonly maxLineBytes: number;
  /** Commands over the length limit tolerated before the traffic is declared not IRC. */
  readonly maxInvalidCommands: number;
  /** Seconds a DCC SEND's announced data connection is waited for. */
  readonly dccExpectSeconds: number;
}

export const DEFAULT_IRC_OPTIONS: IrcOptions = {
  maxLineBytes: 1000,
  maxInvalidCommands: 20,
  dccExpectSeconds: 300,
};

export const IRC_ANALYZER: AnalyzerSpec = {
  name: 'IRC',
  script: 'base/protocols/irc',
  transports: ['tcp'],
  ports: { tcp: IRC_PORTS },
  detect: (data, isOrig) => isOrig && looksLikeIrcClient(data),
  create: (ctx) => new IrcAnalyzer(ctx, DEFAULT_IRC_OPTIONS),
};

const DCC_SEND = 'SEND';

/** Weirds of the line splitter that Zeek raises once per connection. */
const ONCE_PER_CONNECTION = new Set(['line_terminated_with_single_CR']);

export class IrcAnalyzer implements Analyzer {
  private readonly lines: LineSplitter[];
  private readonly x: IrcCommandContext;
  private readonly zip = new IrcZipState();
  private readonly weirdsSeen = new Set<string>();
  private confirmed = false;
  private invalidCommands = 0;
  /** Set once STARTTLS was accepted: the stream is TLS from then on. */
  private tls: Analyzer | undefined;
  private starttls = false;
  /** Set when the session turned to compression, which is not decoded. */
  private stopped = false;

  constructor(private readonly ctx: AnalyzerContext, private readonly options: IrcOptions) {
    const weird = (name: string) => this.splitterWeird(name);
    const max = options.maxLineBytes;
    this.lines = [new LineSplitter(max, weird), new LineSplitter(max, weird)];
    this.x = {
      conn: ctx.conn,
      events: ctx.events,
      weird: (name, addl) => ctx.weird(name, addl),
      dccOffer: (type, address, port) => this.dccOffer(type, address, port),
    };
  }

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (this.starttls) return this.tls?.deliverStream?.(isOrig, data);
    if (this.stopped) return;
    const used = this.lines[isOrig ? 0 : 1].push(data, (line) => this.line(isOrig, line));
    if (this.starttls && used < data.length) this.tls?.deliverStream?.(isOrig, data.subarray(used));
  }

  gap(isOrig: boolean, length: number): void {
    this.tls?.gap?.(isOrig, length);
  }

  endOfData(isOrig: boolean): void {
    if (this.starttls) return this.tls?.endOfData?.(isOrig);
    this.lines[isOrig ? 0 : 1].flush((line) => this.line(isOrig, line));
  }

  done(): void {
    this.tls?.done?.();
  }

  /** One line; false stops the splitter (the rest of the stream is TLS). */
  private line(isOrig: boolean, bytes: Uint8Array): boolean {
    if (this.stopped) return false;
    const parsed = parseIrcLine(binaryString(bytes));
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'invalid':
        if (this.confirmed) this.ctx.weird(parsed.weird);
        if (parsed.violation !== undefined) this.ctx.violation(parsed.violation);
        return true;
      case 'reply':
        const { prefix, code, params } = parsed;
        if (interpretReply(this.x, isOrig, prefix, code, params)) this.startTls();
        return !this.starttls;
      case 'command':
        this.command(isOrig, parsed.prefix, parsed.command, parsed.params);
        return !this.stopped;
    }
  }

  private command(isOrig: boolean, prefix: string, command: string, params: string): void {
    if (!this.confirmed && isOrig && isValidClientCommand(command)) {
      this.confirmed = true;
      this.ctx.confirm();
    }
    if (command === 'STARTTLS') return;
    this.zip.observe(isOrig, command, prefix, params);

    if (command.length > MAX_IRC_COMMAND_BYTES) return this.invalidCommand();
    interpretCommand(this.x, isOrig, prefix, command, params);
    if (this.zip.bothAccepted()) this.stopForCompression();
  }

  private invalidCommand(): void {
    this.ctx.weird('irc_invalid_command');
    if (++this.invalidCommands <= this.options.maxInvalidCommands) return;
    this.ctx.weird('irc_too_many_invalid');
    this.ctx.violation('too many long lines');
  }

  private startTls(): void {
    this.starttls = true;
    this.tls = this.ctx.startChild('SSL');
    this.ctx.events.emit('irc_starttls', this.ctx.conn);
  }

  /**
   * Both servers of a server-to-server link agreed on compressed traffic, which wirelog does
   * not inflate yet: the rest is not analyzed, and a weird says so.
   */
  private stopForCompression(): void {
    this.stopped = true;
    this.ctx.weird('irc_compression_not_supported');
  }

  private splitterWeird(name: string): void {
    if (ONCE_PER_CONNECTION.has(name)) {
      if (this.weirdsSeen.has(name)) return;
      this.weirdsSeen.add(name);
    }
    this.ctx.weird(name);
  }

  /** A DCC SEND offer announces the connection its file will come over. */
  private dccOffer(type: string, address: string, port: number): void {
    if (type !== DCC_SEND) return;
    const wait = this.options.dccExpectSeconds;
    this.ctx.scheduleAnalyzer(address, port, 'tcp', IRC_DATA_ANALYZER_NAME, wait);
  }
}

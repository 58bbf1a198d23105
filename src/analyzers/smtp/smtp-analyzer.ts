/**
 * The SMTP analyzer (RFC 5321): splits each direction into lines, follows commands and
 * replies through the session state machine (pipelining and multi-line replies included),
 * raises `smtp_request` / `smtp_reply`, feeds message data (DATA, or BDAT chunks of RFC 3030)
 * to the MIME parser, which turns attachments into files, and after an accepted STARTTLS hands
 * the rest of the connection to the TLS analyzer. It follows Zeek's analyzer closely, down to
 * its `smtp_unexpected` details, because smtp.log depends on its exact event sequence.
 */
import type { Analyzer, AnalyzerContext } from '../analyzer.js';
import { LineSplitter } from '../irc/line-splitter.js';
import { MimeMail } from '../mime/mime-mail.js';
import { wireText } from '../wire-text.js';
import { isSmtpAnalyzerDisabled } from './smtp-analyzer-switch.js';
import { BdatReader, parseBdatArg } from './smtp-bdat.js';
import { parseCommand, replyCommandName, type SmtpCommand } from './smtp-commands.js';
import { parseReplyLine, splitCommandLine } from './smtp-lines.js';
import type { SmtpAnalyzerOptions } from './smtp-options.js';
import { stateNumber, type SmtpState } from './smtp-states.js';
import { updateState, type SmtpSession } from './smtp-transitions.js';

const DOT = 0x2e;
const CR = 0x0d;
const LF = 0x0a;
const MAX_INT64 = (1n << 63n) - 1n;

/** Weirds of the line reader that Zeek raises once per connection. */
const ONCE_PER_CONNECTION = new Set(['line_terminated_with_single_CR', 'NUL_in_line']);

export class SmtpAnalyzer implements Analyzer, SmtpSession {
  state: SmtpState = 'connected';
  /** Whether the originator sends mail; `TURN` swaps the roles. */
  private origIsSender = true;
  /** The oldest command not answered yet, and those pipelined behind it. */
  private firstCmd: SmtpCommand | undefined = 'CONN_ESTABLISHMENT';
  private readonly pendingCmds: SmtpCommand[] = [];
  private lastRepliedCmd: SmtpCommand | undefined;
  /** Code of the multi-line reply in progress, or 0. */
  private pendingReply = 0;
  private mail: MimeMail | undefined;
  private bdat: BdatReader | undefined;
  private tls: Analyzer | undefined;
  private readonly lines: [LineSplitter, LineSplitter];
  /** Per direction: whether a NUL still counts as an error (only the first one does). */
  private readonly nulArmed: [boolean, boolean] = [true, true];
  /** Per direction: a BDAT line ended in a CR whose LF may open the next delivery. */
  private readonly crBeforeChunk: [boolean, boolean] = [false, false];
  /** Per direction: relative sequence number of the next byte, for gap reports. */
  private readonly nextSeq: [number, number] = [1, 1];
  private readonly ended: [boolean, boolean] = [false, false];
  private readonly weirdsSeen = new Set<string>();
  /** Direction of the line being handled (the side whose packet drives the state). */
  private currentIsOrig = true;
  /** Undefined until the first delivery shows whether the connection started mid-stream. */
  private partial: boolean | undefined;

  constructor(
    private readonly ctx: AnalyzerContext,
    private readonly options: SmtpAnalyzerOptions,
  ) {
    const weird = (name: string) => this.lineWeird(name);
    this.lines = [
      new LineSplitter(options.maxLineLength, weird),
      new LineSplitter(options.maxLineLength, weird),
    ];
    updateState(this, 'CONN_ESTABLISHMENT', 0);
  }

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (this.inTls()) return this.tls?.deliverStream?.(isOrig, data);
    if (!this.active()) return;
    this.nextSeq[isOrig ? 0 : 1] += data.length;

    let rest = data;
    while (rest.length > 0 && !this.inTls() && this.active()) {
      if (this.inChunk(isOrig)) rest = this.chunkBytes(isOrig, rest);
      else rest = this.lineBytes(isOrig, rest);
    }
    if (this.inTls() && rest.length > 0) this.tls?.deliverStream?.(isOrig, rest);
  }

  gap(isOrig: boolean, length: number): void {
    // Once TLS took over, a gap is TLS's business; the SMTP dialogue is over.
    if (this.inTls()) return this.tls?.gap?.(isOrig, length);
    if (!this.active()) return;
    const side = isOrig ? 0 : 1;
    const seq = this.nextSeq[side];
    this.nextSeq[side] += length;
    this.unexpected(this.isSender(isOrig), 'content gap', `seq = ${seq}, len = ${length}`);

    if (this.state === 'in_data' || this.state === 'in_bdat') {
      // The message is incomplete: its current file records the gap, and the message ends.
      this.mail?.undelivered(length);
      this.endData();
    }
    // Whether lost bytes held commands or data is unknown until the server replies.
    this.pendingCmds.length = 0;
    this.firstCmd = this.lastRepliedCmd = undefined;
    this.state = 'after_gap';
  }

  endOfData(isOrig: boolean): void {
    if (this.inTls()) return this.tls?.endOfData?.(isOrig);
    const side = isOrig ? 0 : 1;
    this.ended[side] = true;
    if (this.active()) this.lines[side].flush((line) => this.line(isOrig, line));
    // Both sides closed: a message still open is complete as far as it will ever be.
    if (this.ended[0] && this.ended[1] && this.mail !== undefined) this.endData();
  }

  done(): void {
    if (this.inTls()) this.tls?.done?.();
    if (this.mail !== undefined) this.endData();
  }

  /**
   * Whether bytes are parsed: not after the log logic switched the analyzer off, and not on a
   * connection whose start was missed (Zeek's SMTP skips partial TCP connections: without the
   * greeting, commands and message data cannot be told apart).
   */
  private active(): boolean {
    this.partial ??= !/^\^?[Sh]/.test(this.ctx.conn.history);
    return !this.partial && !isSmtpAnalyzerDisabled(this.ctx.conn);
  }

  /** Read through a method: the state changes under the calls that test it. */
  private inTls(): boolean {
    return this.state === 'in_tls';
  }

  private isSender(isOrig: boolean): boolean {
    return this.origIsSender ? isOrig : !isOrig;
  }

  /** Whether the next bytes of this side are raw BDAT chunk data. */
  private inChunk(isOrig: boolean): boolean {
    return this.bdat !== undefined && this.bdat.remaining > 0 && this.isSender(isOrig);
  }

  private chunkBytes(isOrig: boolean, data: Uint8Array): Uint8Array {
    const side = isOrig ? 0 : 1;
    if (this.crBeforeChunk[side]) {
      this.crBeforeChunk[side] = false;
      if (data[0] === LF) return data.subarray(1);
    }
    const bdat = this.bdat!;
    const n = Math.min(bdat.remaining, data.length);
    this.currentIsOrig = isOrig;
    bdat.deliver(data.subarray(0, n));
    this.checkLastChunkDone(isOrig);
    return data.subarray(n);
  }

  /** Every chunk up to the LAST one arrived: the message ends. */
  private checkLastChunkDone(isOrig: boolean): void {
    const bdat = this.bdat;
    if (bdat === undefined || !bdat.last || bdat.remaining > 0) return;
    this.currentIsOrig = isOrig;
    updateState(this, 'END_OF_DATA', 0);
  }

  /** Splits lines off `data` until done or until raw bytes (BDAT, TLS) follow. */
  private lineBytes(isOrig: boolean, data: Uint8Array): Uint8Array {
    const side = isOrig ? 0 : 1;
    this.crBeforeChunk[side] = false;
    const nul = this.nulArmed[side] ? data.indexOf(0) : -1;
    const upTo = nul >= 0 ? nul : data.length;
    const used = this.lines[side].push(data.subarray(0, upTo), (l) => this.line(isOrig, l));
    if (this.inChunk(isOrig)) {
      // The chunk starts after the BDAT line's end; an LF may still be due for its CR.
      this.crBeforeChunk[side] = used === data.length && data[used - 1] === CR;
    }
    if (used < upTo) return data.subarray(used);
    if (nul < 0) return data.subarray(data.length);
    // The first NUL of a direction is reported and dropped; later ones are kept, as in Zeek.
    this.nulArmed[side] = false;
    this.lineWeird('NUL_in_line');
    return data.subarray(nul + 1);
  }

  /** One line; false stops the splitter (raw bytes follow). */
  private line(isOrig: boolean, bytes: Uint8Array): boolean {
    if (this.inTls() || !this.active()) return false;
    this.currentIsOrig = isOrig;
    const sender = this.isSender(isOrig);
    if (sender && bytes.length > 0) this.checkLastChunkDone(isOrig);
    if (sender) this.senderLine(bytes);
    else this.receiverLine(isOrig, bytes);
    return !this.inTls() && !this.inChunk(isOrig);
  }

  private senderLine(line: Uint8Array): void {
    // After a gap a line may be a command or message data; the server's reply will tell.
    if (this.state === 'after_gap') return;
    if (this.state === 'in_data') return this.dataLine(line);
    if (this.state === 'in_auth') {
      // AUTH exchange lines are credentials: logged under a placeholder command.
      this.newCmd('AUTH_ANSWER');
      return this.command('AUTH_ANSWER', '**', wireText(line));
    }
    const { word, arg } = splitCommandLine(line);
    const cmd = parseCommand(word);
    if (cmd === undefined) return this.unexpected(this.origIsSender, 'unknown command', word);
    this.newCmd(cmd);
    this.command(cmd, word, arg);
  }

  /** A line of message data (RFC 5321 section 4.5.2: a leading dot is removed). */
  private dataLine(line: Uint8Array): void {
    if (line.length === 1 && line[0] === DOT) {
      this.newCmd('END_OF_DATA');
      return this.command('END_OF_DATA', '.', '');
    }
    const body = line[0] === DOT ? line.subarray(1) : line;
    // A transaction whose mail already ended (e.g. data after a RST) starts a new one.
    if (this.mail === undefined) this.beginData();
    this.mail!.deliver(body, true);
    const { conn, events } = this.ctx;
    if (events.has('smtp_data')) events.emit('smtp_data', conn, this.currentIsOrig, wireText(body));
  }

  private command(cmd: SmtpCommand, word: string, arg: string): void {
    // The end of data closes the MIME events before `smtp_request` reports the `.`.
    if (cmd === 'END_OF_DATA') updateState(this, cmd, 0);
    if (word.length > 0 || arg.length > 0) this.request(word, arg);

    let update = cmd !== 'END_OF_DATA';
    if (cmd === 'BDAT') {
      update = this.bdatCommand(arg);
    } else if (this.bdat !== undefined) {
      // The client went on without sending its LAST chunk.
      this.ctx.weird('smtp_missing_bdat_last_chunk');
      this.endData();
    }
    if (update) updateState(this, cmd, 0);
  }

  /** Sets up the chunk a BDAT announces; false when the argument is not valid. */
  private bdatCommand(arg: string): boolean {
    const parsed = parseBdatArg(arg);
    if (parsed.kind === 'error') {
      this.ctx.weird('smtp_invalid_bdat_command', parsed.reason);
      return false;
    }
    if (parsed.size > MAX_INT64) {
      this.ctx.weird('smtp_huge_bdat_chunk', String(parsed.size));
      return false;
    }
    if (this.bdat === undefined) {
      this.beginData('in_bdat');
      this.bdat = new BdatReader({
        line: (bytes, crlf) => this.mail?.deliver(bytes, crlf),
        weird: (name, addl) => this.ctx.weird(name, addl),
      }, this.options.bdatMaxLineLength);
    }
    this.bdat.nextChunk(Number(parsed.size), parsed.last);
    return true;
  }

  private receiverLine(isOrig: boolean, line: Uint8Array): void {
    const reply = parseReplyLine(line);
    if (reply.kind === 'invalid') {
      this.unexpected(!this.origIsSender, 'reply code out of range', wireText(line));
      // Zeek reports the code after it has been reset, hence always -1.
      this.ctx.violation('reply code -1 out of range', line);
      return;
    }
    const { code } = reply;
    if (this.pendingReply !== 0 && code !== this.pendingReply) {
      this.unexpected(!this.origIsSender, 'reply code does not match the continuing reply',
        wireText(line));
      this.pendingReply = 0;
    }
    if (this.pendingReply === 0) this.newReply(code);
    this.pendingReply = reply.more ? code : 0;

    const cmd = replyCommandName(this.lastRepliedCmd);
    this.ctx.events.emit('smtp_reply', this.ctx.conn, isOrig, code, cmd, reply.msg, reply.more);
  }

  /** A command was sent: it waits in line for its reply (pipelining is always assumed). */
  private newCmd(cmd: SmtpCommand): void {
    if (this.firstCmd === undefined) {
      this.firstCmd = cmd;
      return;
    }
    if (this.pendingCmds.length >= this.options.maxPendingCommands) {
      this.ctx.weird('smtp_excessive_pending_cmds');
      this.pendingCmds.length = 0;
    }
    this.pendingCmds.push(cmd);
  }

  /** The first line of a reply: it answers the oldest unanswered command. */
  private newReply(code: number): void {
    if (this.state === 'after_gap') {
      this.state = 'gap_recovery';
      this.request('(UNKNOWN)', '');
    }
    const cmd = this.firstCmd;
    this.lastRepliedCmd = cmd;
    this.firstCmd = this.pendingCmds.shift();
    updateState(this, cmd, code);
  }

  private request(word: string, arg: string): void {
    this.ctx.confirm();
    const { conn, events } = this.ctx;
    events.emit('smtp_request', conn, this.origIsSender, asciiUpper(word), arg);
  }

  beginData(state: SmtpState = 'in_data'): void {
    this.state = state;
    if (this.mail !== undefined) {
      this.ctx.weird('smtp_nested_mail_transaction');
      this.mail.done();
    }
    this.mail = new MimeMail(this.ctx, this.currentIsOrig, 'SMTP', this.options.mime);
  }

  endData(): void {
    if (this.bdat !== undefined) {
      if (this.bdat.remaining > 0) this.ctx.weird('smtp_bdat_remaining_at_end_data');
      this.bdat.done();
      this.bdat = undefined;
    }
    const mail = this.mail;
    this.mail = undefined;
    if (mail === undefined) this.ctx.weird('smtp_unmatched_end_of_data');
    else mail.done();
  }

  startTls(): void {
    this.state = 'in_tls';
    this.tls = this.ctx.startChild('SSL');
    this.ctx.events.emit('smtp_starttls', this.ctx.conn);
  }

  turn(): void {
    this.origIsSender = !this.origIsSender;
    this.state = 'connected';
  }

  unexpectedCommand(cmd: SmtpCommand | undefined, reply: number): void {
    const detail = `${cmd ?? '(UNKNOWN)'} reply = ${reply} state = ${stateNumber(this.state)}`;
    this.unexpected(this.origIsSender, 'unexpected command', detail);
  }

  unexpectedReply(cmd: SmtpCommand | undefined, reply: number): void {
    const detail = `${reply} state = ${stateNumber(this.state)}, ` +
      `last command = ${cmd ?? '(UNKNOWN)'}`;
    this.unexpected(this.origIsSender, 'unexpected reply', detail);
  }

  private unexpected(isOrig: boolean, msg: string, detail: string): void {
    this.ctx.events.emit('smtp_unexpected', this.ctx.conn, isOrig, msg, detail);
  }

  private lineWeird(name: string): void {
    if (ONCE_PER_CONNECTION.has(name)) {
      if (this.weirdsSeen.has(name)) return;
      this.weirdsSeen.add(name);
    }
    this.ctx.weird(name);
  }
}

/** Upper-cases ASCII letters only, as C's toupper() does in the C locale. */
function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

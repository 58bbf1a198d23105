/**
 * ftp.log: one row per logged command with the reply it got. The fill logic is Zeek's
 * base/protocols/ftp: replies are matched to pending commands, a command's row is written
 * when the next command arrives (or at once while several are pending, or at connection end),
 * file commands log their argument as a URL, passwords of non-guest users are hidden, and
 * announced data channels are remembered so the data connection shows service `ftp-data` and
 * gets the FTP_DATA analyzer, whose files give the session its `fuid` and `mime_type` (Zeek's
 * ftp/files.zeek).
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { analyzerSchedulerFor } from '../analyzer-scheduler.js';
import { eventTime } from '../event-time.js';
import type { FileState } from '../files/file-state.js';
import { logTextOrUnset } from '../wire-text.js';
import {
  parseEftpPort,
  parseFtpEpsv,
  parseFtpPasv,
  parseFtpPort,
  type FtpPort,
} from './ftp-data-channel.js';
import { FTP_DATA_ANALYZER_NAME } from './ftp-data-analyzer.js';
import { ExpectedChannels, type ExpectedDataChannel } from './ftp-expected-channels.js';
import type { FtpLogOptions } from './ftp-options.js';
import { buildPathCompressed, extractPath, ftpUrl } from './ftp-paths.js';
import { PendingCommands, type CmdArg } from './ftp-pending-commands.js';
import { CONN_ID_FIELDS } from '../conn-id-fields.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

export const FTP_LOG: LogStreamSpec = {
  path: 'ftp',
  doc: 'One row per logged FTP command (FTP::logged_commands) with its reply.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time the command was sent.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the control connection.' },
    ...CONN_ID_FIELDS,
    { name: 'user', type: 'string', doc: 'User name of the session; <unknown> before USER.' },
    {
      name: 'password',
      type: 'string',
      optional: true,
      doc: 'Password, shown only for guest users (else <hidden>); unset before PASS.',
    },
    { name: 'command', type: 'string', optional: true, doc: 'The command, upper-cased.' },
    {
      name: 'arg',
      type: 'string',
      optional: true,
      doc: 'Its argument; for file commands the file as an ftp:// URL. Unset when empty.',
    },
    { name: 'mime_type', type: 'string', optional: true, doc: 'MIME type of a transferred file.' },
    {
      name: 'file_size',
      type: 'count',
      optional: true,
      doc: 'File size in bytes from the RETR (150) or SIZE (213) reply.',
    },
    { name: 'reply_code', type: 'count', optional: true, doc: "The server's reply code." },
    { name: 'reply_msg', type: 'string', optional: true, doc: "The reply's text." },
    {
      name: 'data_channel.passive',
      type: 'bool',
      optional: true,
      doc: 'Whether the data channel was announced in passive mode (PASV/EPSV).',
    },
    {
      name: 'data_channel.orig_h',
      type: 'addr',
      optional: true,
      doc: 'Host that will open the data connection.',
    },
    {
      name: 'data_channel.resp_h',
      type: 'addr',
      optional: true,
      doc: 'Host that will accept the data connection.',
    },
    {
      name: 'data_channel.resp_p',
      type: 'port',
      optional: true,
      doc: 'Port at which the data connection will be accepted.',
    },
    { name: 'fuid', type: 'string', optional: true, doc: 'File id of a transferred file.' },
  ],
};

/** The session state ftp.log keeps per control connection (Zeek's `FTP::Info`). */
interface FtpSession {
  ts: number;
  user: string;
  password?: string;
  command?: string;
  arg?: string;
  mimeType?: string;
  fileSize?: number;
  replyCode?: number;
  replyMsg?: string;
  dataChannel?: ExpectedDataChannel;
  /** Working directory as far as the replies told; `.` until known. */
  cwd: string;
  /** The command the latest reply answered. */
  cmdarg?: CmdArg;
  readonly pending: PendingCommands;
  commandSeq: number;
  passive: boolean;
  capturePassword: boolean;
  loggedCommandSeen: boolean;
  fuid?: string;
}

const INFO_KEY = 'ftp';
const DATA_KEY = 'ftp-data';
const HIDDEN = '<hidden>';
const INIT_COMMAND = '<init>';
const WEIRD_SOURCE = 'FTP';
/** Commands whose argument names a file or directory. */
const FILE_COMMANDS = new Set([
  'APPE',
  'CWD',
  'DELE',
  'MKD',
  'RETR',
  'RMD',
  'RNFR',
  'RNTO',
  'STOR',
  'STOU',
  'REST',
  'SIZE',
  'MDTM',
]);
/** Commands that show or change the working directory, with their success codes. */
const DIRECTORY_REPLIES: Readonly<Record<string, readonly number[]>> = {
  CWD: [250],
  CDUP: [200, 250],
  PWD: [257],
  XPWD: [257],
};
/** A continuation line that still looks like a reply (some servers misuse multi-line replies). */
const REPLY_LIKE = /^[1-9][0-9]{2} [\x20-\x7e]{10}/;

export interface FtpLogContext {
  readonly events: EventBus<CoreEvents>;
  readonly logs: LogManager;
  readonly weirds: ConnWeirdReporter;
  readonly options: FtpLogOptions;
}

/** Declares ftp.log and subscribes its handlers. */
export function registerFtpLog(ctx: FtpLogContext): void {
  ctx.logs.createStream(FTP_LOG);
  const script = new FtpScript(ctx);
  ctx.events.on('ftp_request', (c, command, arg) => script.request(c, command, arg), 5);
  ctx.events.on('ftp_reply', (c, code, msg, cont) => script.reply(c, code, msg, cont), 5);
  ctx.events.on('new_connection', (c) => script.newConnection(c));
  ctx.events.on('file_transferred', (c, _prefix, _descr, mime) => script.transferred(c, mime), 5);
  ctx.events.on('file_over_new_connection', (f, c) => script.fileOverConnection(f, c), 5);
  ctx.events.on('file_sniff', (f, meta) => script.fileSniff(f, meta.mimeType), 5);
  ctx.events.on('connection_state_remove', (c) => script.finalize(c), -3);
}

class FtpScript {
  private readonly expected: ExpectedChannels<FtpSession>;

  constructor(private readonly ctx: FtpLogContext) {
    const o = ctx.options;
    this.expected = new ExpectedChannels(o.maxExpectedDataChannels, o.expectedDataChannelTimeout);
  }

  request(c: Connection, command: string, arg: string): void {
    const prev = sessionOf(c);
    if (prev?.cmdarg !== undefined && prev.replyCode !== undefined) {
      // The previous command got its reply: its row can be written now.
      if (prev.pending.remove(prev.cmdarg)) this.message(c, prev);
    }

    const s = this.session(c);
    if (s.pending.size < this.ctx.options.maxPendingCommands) {
      s.pending.add(++s.commandSeq, command, arg, eventTime(c));
    } else {
      this.weird(c, 'FTP_too_many_pending_commands', s.pending.size);
    }

    if (command === 'USER') s.user = this.capped(c, arg, 'user');
    else if (command === 'PASS') s.password = this.capped(c, arg, 'password');
    else if (command === 'PORT' || command === 'EPRT') this.activeMode(c, s, command, arg);
  }

  reply(c: Connection, code: number, msg: string, cont: boolean): void {
    const s = this.session(c);
    if (cont && code === 0 && s.replyCode !== undefined && !REPLY_LIKE.test(msg)) return;
    const cmdarg = s.pending.bestMatch(code, msg);
    s.cmdarg = cmdarg;
    s.replyCode = code;
    s.replyMsg = msg;
    // Only the first line of a reply carries information.
    if (cont) return;

    if ((code === 150 && cmdarg.cmd === 'RETR') || (code === 213 && cmdarg.cmd === 'SIZE')) {
      s.fileSize = lastNumber(msg);
    } else if ((code === 227 || code === 229) && (cmdarg.cmd === 'PASV' || cmdarg.cmd === 'EPSV')) {
      this.passiveMode(c, s, code, msg);
    }
    this.directory(s, cmdarg, code, msg);

    // With more commands queued, the pair is written now rather than at the next command.
    if (s.pending.size > 1) {
      s.pending.remove(cmdarg);
      this.message(c, s);
    }
  }

  /** A new connection to an announced data endpoint is that session's data channel. */
  newConnection(c: Connection): void {
    // No analysis has run on the new connection yet, so its first packet gives the time.
    if (this.expected.match(c.origH, c.respH, c.respPort, c.startTime) === undefined) return;
    if (!c.services.includes(DATA_KEY)) c.services.push(DATA_KEY);
    c.extra.set(DATA_KEY, true);
  }

  /** The data analyzer identified the transfer's first bytes: the announcing session's type. */
  transferred(c: Connection, mimeType: string): void {
    const s = this.expected.sessionAt(c.respH, c.respPort, eventTime(c));
    if (s !== undefined) s.mimeType = mimeType.split(';')[0];
  }

  /** A file on a data connection is the announcing session's file. */
  fileOverConnection(f: FileState, c: Connection): void {
    const s = this.expected.sessionAt(c.respH, c.respPort, eventTime(c));
    if (s === undefined) return;
    s.fuid = f.id;
    f.extra.set(INFO_KEY, s);
  }

  fileSniff(f: FileState, mimeType: string | undefined): void {
    const s = f.extra.get(INFO_KEY) as FtpSession | undefined;
    if (s !== undefined && mimeType !== undefined) s.mimeType = mimeType;
  }

  /** Connection end: commands still pending are written, then a summary row if none was. */
  finalize(c: Connection): void {
    if (c.extra.has(DATA_KEY)) this.expected.delete(c.respH, c.respPort);
    const s = sessionOf(c);
    if (s === undefined) return;

    for (const cmdarg of [...s.pending.values()]) {
      s.cmdarg = cmdarg;
      this.message(c, s);
    }
    if (!s.loggedCommandSeen && this.ctx.options.logAtLeastOneCommand) this.write(c, s);
  }

  private session(c: Connection): FtpSession {
    let s = sessionOf(c);
    if (s !== undefined) return s;
    const ts = eventTime(c);
    s = {
      ts,
      user: '<unknown>',
      cwd: '.',
      pending: new PendingCommands(),
      commandSeq: 0,
      passive: false,
      capturePassword: this.ctx.options.defaultCapturePassword,
      loggedCommandSeen: false,
    };
    // A placeholder command for the server's greeting to answer.
    s.pending.add(++s.commandSeq, INIT_COMMAND, '', ts);
    c.extra.set(INFO_KEY, s);
    return s;
  }

  /** Fills the row fields from the answered command and writes it if the command is logged. */
  private message(c: Connection, s: FtpSession): void {
    const cmdarg = s.cmdarg!;
    // A reply with nothing pending matched no command; Zeek's handler stops here too.
    if (cmdarg.ts === undefined) return;
    s.ts = cmdarg.ts;
    s.command = cmdarg.cmd;
    s.arg = FILE_COMMANDS.has(cmdarg.cmd) ? ftpUrl(c.respH, s.cwd, cmdarg.arg) : cmdarg.arg;
    this.capRowText(c, s);

    const hide = this.hidesPassword(s);
    if (s.command === 'PASS' && hide) s.arg = HIDDEN;
    if (s.arg === '') s.arg = undefined;
    if (s.password !== undefined && hide) s.password = HIDDEN;
    if (this.ctx.options.loggedCommands.has(s.command)) {
      this.write(c, s);
      s.loggedCommandSeen = true;
    }

    s.mimeType = undefined;
    s.fileSize = undefined;
    s.dataChannel = undefined;
    s.fuid = undefined;
  }

  private capRowText(c: Connection, s: FtpSession): void {
    const { maxArgLength, maxReplyMsgLength } = this.ctx.options;
    if (s.arg !== undefined && s.arg.length > maxArgLength) {
      this.weird(c, 'FTP_arg_too_long', s.arg.length);
      s.arg = s.arg.slice(0, maxArgLength);
    }
    if (s.replyMsg !== undefined && s.replyMsg.length > maxReplyMsgLength) {
      this.weird(c, 'FTP_reply_msg_too_long', s.replyMsg.length);
      s.replyMsg = s.replyMsg.slice(0, maxReplyMsgLength);
    }
  }

  private hidesPassword(s: FtpSession): boolean {
    return !s.capturePassword && !this.ctx.options.guestIds.has(s.user.toLowerCase());
  }

  /** USER and PASS arguments, cut to their limit with a weird. */
  private capped(c: Connection, arg: string, what: 'user' | 'password'): string {
    const max =
      what === 'user' ? this.ctx.options.maxUserLength : this.ctx.options.maxPasswordLength;
    if (arg.length <= max) return arg;
    this.weird(c, what === 'user' ? 'FTP_user_too_long' : 'FTP_password_too_long', arg.length);
    return arg.slice(0, max);
  }

  /** PORT/EPRT: the server will connect to the client's announced endpoint. */
  private activeMode(c: Connection, s: FtpSession, command: string, arg: string): void {
    const data = command === 'PORT' ? parseFtpPort(arg) : parseEftpPort(arg);
    if (!data.valid) return;
    this.announce(c, s, { passive: false, origH: c.respH, respH: data.h, respP: data.p });
  }

  /** PASV (227) and EPSV (229) replies: the client will connect to the server's endpoint. */
  private passiveMode(c: Connection, s: FtpSession, code: number, msg: string): void {
    const data: FtpPort = code === 227 ? parseFtpPasv(msg) : parseFtpEpsv(msg);
    if (!data.valid) return;
    s.passive = true;
    const respH = code === 229 && data.h === '::' ? c.respH : data.h;
    this.announce(c, s, { passive: true, origH: c.origH, respH, respP: data.p });
  }

  private announce(c: Connection, s: FtpSession, channel: ExpectedDataChannel): void {
    if (!this.expected.add(channel, s, eventTime(c))) {
      this.ctx.weirds.netWeird(
        'FTP_too_many_expected_data_channels',
        eventTime(c),
        String(this.expected.size),
        WEIRD_SOURCE,
      );
      return;
    }
    s.passive = channel.passive;
    s.dataChannel = channel;
    const { origH, respH, respP } = channel;
    const timeout = this.ctx.options.expectedDataChannelTimeout;
    analyzerSchedulerFor(this.ctx.events)?.scheduleAnalyzer(
      respH, respP, 'tcp', FTP_DATA_ANALYZER_NAME, eventTime(c), timeout, origH,
    );
  }

  /** CWD, CDUP and PWD replies move the working directory file URLs are built from. */
  private directory(s: FtpSession, cmdarg: CmdArg, code: number, msg: string): void {
    if (!(DIRECTORY_REPLIES[cmdarg.cmd]?.includes(code) ?? false) || cmdarg.cwdConsumed) return;
    cmdarg.cwdConsumed = true;
    if (cmdarg.cmd === 'CWD') s.cwd = buildPathCompressed(s.cwd, cmdarg.arg);
    else if (cmdarg.cmd === 'CDUP') s.cwd = buildPathCompressed(s.cwd, '/..');
    else s.cwd = extractPath(msg);
  }

  private write(c: Connection, s: FtpSession): void {
    this.ctx.logs.write(FTP_LOG.path, ftpRecord(c, s));
  }

  private weird(c: Connection, name: string, value: number): void {
    this.ctx.weirds.connWeird(name, eventTime(c), c, String(value), WEIRD_SOURCE);
  }
}

function sessionOf(c: Connection): FtpSession | undefined {
  return c.extra.get(INFO_KEY) as FtpSession | undefined;
}

/** The last run of digits in a reply text (`150 ... (1234 bytes)`), or 0. */
function lastNumber(msg: string): number {
  const runs = msg.match(/[0-9]+/g);
  return runs === null ? 0 : Number(runs[runs.length - 1]);
}

function ftpRecord(c: Connection, s: FtpSession) {
  const d = s.dataChannel;
  return {
    ts: s.ts,
    uid: c.uid,
    'id.orig_h': c.origH,
    'id.orig_p': c.origPort,
    'id.resp_h': c.respH,
    'id.resp_p': c.respPort,
    community_id: communityIdOf(c),
    user: logTextOrUnset(s.user),
    password: logTextOrUnset(s.password),
    command: logTextOrUnset(s.command),
    arg: logTextOrUnset(s.arg),
    mime_type: s.mimeType,
    file_size: s.fileSize,
    reply_code: s.replyCode,
    reply_msg: logTextOrUnset(s.replyMsg),
    'data_channel.passive': d?.passive,
    'data_channel.orig_h': d?.origH,
    'data_channel.resp_h': d?.respH,
    'data_channel.resp_p': d?.respP,
    fuid: s.fuid,
  };
}

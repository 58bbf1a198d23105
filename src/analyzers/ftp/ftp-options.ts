/**
 * FTP analysis settings, with Zeek's defaults (its `FTP::` options). The configuration's `ftp`
 * section sets them; `logged_commands` there reproduces a `redef FTP::logged_commands`.
 */
import type { WirelogConfig } from '../../config/config.js';

export interface FtpAnalyzerOptions {
  /** Longest command word accepted (0: no limit). */
  readonly maxCommandLength: number;
  /** Longest line held while waiting for its end (Zeek's content-line buffer cap). */
  readonly maxLineLength: number;
}

export interface FtpLogOptions {
  readonly loggedCommands: ReadonlySet<string>;
  readonly guestIds: ReadonlySet<string>;
  readonly defaultCapturePassword: boolean;
  readonly logAtLeastOneCommand: boolean;
  readonly maxPendingCommands: number;
  readonly maxUserLength: number;
  readonly maxPasswordLength: number;
  readonly maxArgLength: number;
  readonly maxReplyMsgLength: number;
  readonly maxExpectedDataChannels: number;
  /** Seconds an announced data channel is remembered without use. */
  readonly expectedDataChannelTimeout: number;
}

export const DEFAULT_FTP_ANALYZER_OPTIONS: FtpAnalyzerOptions = {
  maxCommandLength: 100,
  maxLineLength: 16 * 1024 * 1024 - 100,
};

export const DEFAULT_FTP_LOG_OPTIONS: FtpLogOptions = {
  loggedCommands: new Set(['APPE', 'DELE', 'RETR', 'STOR', 'STOU', 'ACCT', 'PORT', 'PASV',
    'EPRT', 'EPSV']),
  guestIds: new Set(['anonymous', 'ftp', 'ftpuser', 'guest']),
  defaultCapturePassword: false,
  logAtLeastOneCommand: true,
  maxPendingCommands: 20,
  maxUserLength: 128,
  maxPasswordLength: 128,
  maxArgLength: 4096,
  maxReplyMsgLength: 4096,
  maxExpectedDataChannels: 100000,
  expectedDataChannelTimeout: 300,
};

export function ftpAnalyzerOptionsFrom(config: WirelogConfig): FtpAnalyzerOptions {
  return {
    maxCommandLength: config.ftp.max_command_length,
    maxLineLength: config.ftp.max_line_length,
  };
}

export function ftpLogOptionsFrom(config: WirelogConfig): FtpLogOptions {
  const c = config.ftp;
  return {
    loggedCommands: new Set(c.logged_commands),
    guestIds: new Set(c.guest_ids),
    defaultCapturePassword: c.default_capture_password,
    logAtLeastOneCommand: c.log_at_least_one_command,
    maxPendingCommands: c.max_pending_commands,
    maxUserLength: c.max_user_length,
    maxPasswordLength: c.max_password_length,
    maxArgLength: c.max_arg_length,
    maxReplyMsgLength: c.max_reply_msg_length,
    maxExpectedDataChannels: c.max_expected_data_channels,
    expectedDataChannelTimeout: c.expected_data_channel_timeout,
  };
}

/**
 * SMTP analysis settings, with Zeek's defaults (its `SMTP::` options and constants, the
 * content-line buffer of its TCP support analyzers, and the MIME limits). The configuration's
 * `smtp` section sets them.
 */
import type { WirelogConfig } from '../../config/config.js';
import { DEFAULT_MIME_OPTIONS, type MimeOptions } from '../mime/mime-options.js';

export interface SmtpAnalyzerOptions {
  /** Longest command, reply or data line held while waiting for its end. */
  readonly maxLineLength: number;
  /** Pipelined commands awaiting replies before the queue is dropped. */
  readonly maxPendingCommands: number;
  /** Longest line taken from BDAT chunks before it is cut. */
  readonly bdatMaxLineLength: number;
  /** Bytes examined for a greeting and a HELO/EHLO when SMTP is detected by content. */
  readonly dpdBufferBytes: number;
  readonly mime: MimeOptions;
}

export interface SmtpLogOptions {
  /** Whether RCPT without MAIL, and DATA without RCPT, are weirds. */
  readonly mailTransactionValidation: boolean;
  /** Invalid transactions after which analysis of the session stops (0: never). */
  readonly maxInvalidMailTransactions: number;
  /** Addresses kept per transaction in rcptto, to and cc (0: no limit). */
  readonly maxRcpttoAddresses: number;
  readonly maxToAddresses: number;
  readonly maxCcAddresses: number;
  /** Hosts kept in a transaction's path (0: no limit). */
  readonly maxPathLength: number;
}

export const DEFAULT_SMTP_ANALYZER_OPTIONS: SmtpAnalyzerOptions = {
  maxLineLength: 16 * 1024 * 1024 - 100,
  maxPendingCommands: 1000,
  bdatMaxLineLength: 4096,
  dpdBufferBytes: 1024,
  mime: DEFAULT_MIME_OPTIONS,
};

export const DEFAULT_SMTP_LOG_OPTIONS: SmtpLogOptions = {
  mailTransactionValidation: true,
  maxInvalidMailTransactions: 25,
  maxRcpttoAddresses: 1000,
  maxToAddresses: 1000,
  maxCcAddresses: 1000,
  maxPathLength: 1000,
};

export function smtpAnalyzerOptionsFrom(config: WirelogConfig): SmtpAnalyzerOptions {
  const c = config.smtp;
  return {
    maxLineLength: c.max_line_length,
    maxPendingCommands: c.max_pending_commands,
    bdatMaxLineLength: c.bdat_max_line_length,
    dpdBufferBytes: c.dpd_buffer_bytes,
    mime: { maxDepth: c.mime_max_depth, maxHeaderBytes: c.mime_max_header_bytes },
  };
}

export function smtpLogOptionsFrom(config: WirelogConfig): SmtpLogOptions {
  const c = config.smtp;
  return {
    mailTransactionValidation: c.mail_transaction_validation,
    maxInvalidMailTransactions: c.max_invalid_mail_transactions,
    maxRcpttoAddresses: c.max_rcptto_addresses,
    maxToAddresses: c.max_to_addresses,
    maxCcAddresses: c.max_cc_addresses,
    maxPathLength: c.max_path_length,
  };
}

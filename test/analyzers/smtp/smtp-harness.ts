/**
 * Drives one SMTP analyzer over crafted bytes with the real smtp.log and files.log handlers
 * (files hashed with MD5, so tests can check decoded contents).
 */
import { createHash } from 'node:crypto';

import type { Analyzer } from '../../../src/analyzers/analyzer.js';
import { LocalNetworks } from '../../../src/analyzers/conn/local-networks.js';
import { DEFAULT_FILE_OPTIONS } from '../../../src/analyzers/files/file-options.js';
import { registerFilesLog } from '../../../src/analyzers/files/files-log.js';
import { SmtpAnalyzer } from '../../../src/analyzers/smtp/smtp-analyzer.js';
import { registerSmtpLog } from '../../../src/analyzers/smtp/smtp-log.js';
import {
  DEFAULT_SMTP_ANALYZER_OPTIONS, DEFAULT_SMTP_LOG_OPTIONS, type SmtpAnalyzerOptions,
  type SmtpLogOptions,
} from '../../../src/analyzers/smtp/smtp-options.js';
import { UidGenerator } from '../../../src/stages/conn-uid.js';
import { harness, type Harness } from '../analyzer-harness.js';

export interface SmtpSetup {
  readonly analyzer?: Partial<SmtpAnalyzerOptions>;
  readonly log?: Partial<SmtpLogOptions>;
  /** The connection's history when bytes arrive; without a handshake SMTP is skipped. */
  readonly history?: string;
  readonly child?: (name: string) => Analyzer | undefined;
}

export function smtpHarness(setup: SmtpSetup = {}): Harness<SmtpAnalyzer> {
  const h = harness({
    respPort: 25,
    register: (events, logs, weirds) => {
      registerFilesLog(events, logs, new LocalNetworks([]), new UidGenerator(7),
        { ...DEFAULT_FILE_OPTIONS, hashes: { md5: true, sha1: false, sha256: false } });
      registerSmtpLog(events, logs, weirds, { ...DEFAULT_SMTP_LOG_OPTIONS, ...setup.log });
    },
    create: (ctx) => new SmtpAnalyzer(ctx, { ...DEFAULT_SMTP_ANALYZER_OPTIONS, ...setup.analyzer }),
    child: setup.child,
  });
  h.conn.history = setup.history ?? 'ShAD';
  return h;
}

/** A server greeting and an EHLO exchange, the usual start of a session. */
export function greet(h: Harness<SmtpAnalyzer>): void {
  h.send(false, '220-mail.example.com ESMTP\r\n220 ready\r\n');
  h.send(true, 'EHLO client.example.org\r\n');
  h.send(false, '250-mail.example.com\r\n250-PIPELINING\r\n250 CHUNKING\r\n');
}

/** Lines joined with CRLF, one more CRLF at the end. */
export function crlf(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

export function md5(text: string): string {
  return createHash('md5').update(Buffer.from(text, 'latin1')).digest('hex');
}

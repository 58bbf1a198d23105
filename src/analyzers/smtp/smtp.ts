/**
 * The SMTP analyzer's registration: TCP ports 25 and 587, as Zeek registers them, and content
 * detection elsewhere (a 220 greeting from the server and HELO/EHLO from the client, checked
 * by a gate before any parsing).
 */
import type { AnalyzerSpec } from '../analyzer.js';
import { SmtpAnalyzer } from './smtp-analyzer.js';
import { detectSmtp, SmtpContentGate } from './smtp-detect.js';
import {
  DEFAULT_SMTP_ANALYZER_OPTIONS, smtpAnalyzerOptionsFrom, type SmtpAnalyzerOptions,
} from './smtp-options.js';

export const SMTP_PORTS: readonly number[] = [25, 587];

export function smtpAnalyzerSpec(
  options: SmtpAnalyzerOptions = DEFAULT_SMTP_ANALYZER_OPTIONS,
): AnalyzerSpec {
  return {
    name: 'SMTP',
    script: 'base/protocols/smtp',
    transports: ['tcp'],
    ports: { tcp: SMTP_PORTS },
    detect: (data, isOrig) => detectSmtp(data.subarray(0, options.dpdBufferBytes), isOrig),
    configure: (config) => smtpAnalyzerSpec(smtpAnalyzerOptionsFrom(config)),
    create: (ctx) => {
      const analyzer = new SmtpAnalyzer(ctx, options);
      // Attached by its port, it parses at once; found by content, it waits for both sides.
      if (SMTP_PORTS.includes(ctx.conn.respPort)) return analyzer;
      return new SmtpContentGate(ctx, analyzer, options.dpdBufferBytes);
    },
  };
}

export const SMTP_ANALYZER: AnalyzerSpec = smtpAnalyzerSpec();

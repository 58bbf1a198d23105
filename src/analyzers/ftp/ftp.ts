/**
 * The FTP analyzer's registration: TCP ports 21 and 2811 (GridFTP), as Zeek registers them.
 * There is no content detection: a server greeting (`220 ...`) alone does not tell FTP from
 * SMTP or other line protocols.
 */
import type { AnalyzerSpec } from '../analyzer.js';
import { FtpAnalyzer } from './ftp-analyzer.js';
import {
  DEFAULT_FTP_ANALYZER_OPTIONS, ftpAnalyzerOptionsFrom, type FtpAnalyzerOptions,
} from './ftp-options.js';

export function ftpAnalyzerSpec(
  options: FtpAnalyzerOptions = DEFAULT_FTP_ANALYZER_OPTIONS,
): AnalyzerSpec {
  return {
    name: 'FTP',
    script: 'base/protocols/ftp',
    transports: ['tcp'],
    ports: { tcp: [21, 2811] },
    configure: (config) => ftpAnalyzerSpec(ftpAnalyzerOptionsFrom(config)),
    create: (ctx) => new FtpAnalyzer(ctx, options),
  };
}

export const FTP_ANALYZER: AnalyzerSpec = ftpAnalyzerSpec();

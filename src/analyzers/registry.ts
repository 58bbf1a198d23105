/**
 * Every protocol analyzer wirelog ships, in the order they are offered a connection. The
 * pipeline keeps those whose script is loaded (all of them unless `-b` names a subset).
 */
import type { AnalyzerSpec } from './analyzer.js';
import { DTLS_ANALYZER, SSL_ANALYZER } from './ssl/ssl-analyzer.js';
import {
  FTP_AUTH_TLS_WATCH, IRC_STARTTLS_WATCH, SMTP_STARTTLS_WATCH,
} from './ssl/starttls-watch.js';

export const ANALYZERS: readonly AnalyzerSpec[] = [
  SSL_ANALYZER,
  DTLS_ANALYZER,
  SMTP_STARTTLS_WATCH,
  IRC_STARTTLS_WATCH,
  FTP_AUTH_TLS_WATCH,
];

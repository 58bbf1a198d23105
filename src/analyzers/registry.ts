/**
 * Every protocol analyzer wirelog ships, in the order they are offered a connection. The
 * pipeline keeps those whose script is loaded (all of them unless `-b` names a subset).
 */
import type { WirelogConfig } from '../config/config.js';
import type { AnalyzerSpec } from './analyzer.js';
import { DHCP_ANALYZER } from './dhcp/dhcp-analyzer.js';
import { DNS_ANALYZER } from './dns/dns-analyzer.js';
import { FTP_ANALYZER } from './ftp/ftp.js';
import { FTP_DATA_ANALYZER } from './ftp/ftp-data-analyzer.js';
import { HTTP_ANALYZER } from './http/http-spec.js';
import { SSH_ANALYZER } from './ssh/ssh.js';
import { DTLS_ANALYZER, SSL_ANALYZER } from './ssl/ssl-analyzer.js';
import { SMTP_ANALYZER } from './smtp/smtp.js';
import { IRC_ANALYZER } from './irc/irc-analyzer.js';
import { IRC_DATA_ANALYZER } from './irc/irc-data-analyzer.js';
import { NTP_ANALYZER } from './ntp/ntp-analyzer.js';
import { QUIC_ANALYZER } from './quic/quic.js';
import { SNMP_ANALYZER } from './snmp/snmp-analyzer.js';

export const ANALYZERS: readonly AnalyzerSpec[] = [
  DHCP_ANALYZER,
  DNS_ANALYZER,
  HTTP_ANALYZER,
  SSH_ANALYZER,
  FTP_ANALYZER,
  FTP_DATA_ANALYZER,
  SSL_ANALYZER,
  DTLS_ANALYZER,
  QUIC_ANALYZER,
  SMTP_ANALYZER,
  IRC_ANALYZER,
  IRC_DATA_ANALYZER,
  NTP_ANALYZER,
  SNMP_ANALYZER,
];

/** The analyzers with the configuration's limits applied. */
export function configuredAnalyzers(config: WirelogConfig): AnalyzerSpec[] {
  return ANALYZERS.map((spec) => spec.configure?.(config) ?? spec);
}

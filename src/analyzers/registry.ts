/**
 * Every protocol analyzer wirelog ships, in the order they are offered a connection. The
 * pipeline keeps those whose script is loaded (all of them unless `-b` names a subset).
 */
import type { AnalyzerSpec } from './analyzer.js';
import { DHCP_ANALYZER } from './dhcp/dhcp-analyzer.js';
import { DNS_ANALYZER } from './dns/dns-analyzer.js';
import { HTTP_ANALYZER } from './http/http-spec.js';
import { IRC_ANALYZER } from './irc/irc-analyzer.js';
import { IRC_DATA_ANALYZER } from './irc/irc-data-analyzer.js';
import { NTP_ANALYZER } from './ntp/ntp-analyzer.js';
import { SNMP_ANALYZER } from './snmp/snmp-analyzer.js';

export const ANALYZERS: readonly AnalyzerSpec[] = [
  DHCP_ANALYZER,
  DNS_ANALYZER,
  HTTP_ANALYZER,
  IRC_ANALYZER,
  IRC_DATA_ANALYZER,
  NTP_ANALYZER,
  SNMP_ANALYZER,
];

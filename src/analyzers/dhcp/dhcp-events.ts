/** Events of the DHCP analyzer, with Zeek's names and argument order. */
import type { Connection } from '../../stages/connection.js';
import type { DhcpMessage, DhcpOptions } from './dhcp-message.js';

export interface DhcpEvents {
  /** One parsed DHCP message with its options. */
  dhcp_message: [c: Connection, isOrig: boolean, msg: DhcpMessage, options: DhcpOptions];
}

/** Events of the NTP analyzer, with Zeek's names and argument order. */
import type { Connection } from '../../stages/connection.js';
import type { NtpMessage } from './ntp-message.js';

export interface NtpEvents {
  /** One parsed NTP message of any mode. */
  ntp_message: [c: Connection, isOrig: boolean, msg: NtpMessage];
}

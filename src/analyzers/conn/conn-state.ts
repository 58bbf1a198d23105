/**
 * conn_state, the one-word summary of how a connection went, computed from the endpoint states
 * at removal exactly as Zeek's conn.log defines it.
 */
import type { Connection } from '../../stages/connection.js';
import type { TcpEndpointState } from '../../stages/tcp-endpoint.js';

export type ConnState =
  | 'S0' | 'S1' | 'SF' | 'REJ' | 'S2' | 'S3' | 'RSTO' | 'RSTR' | 'RSTOS0' | 'RSTRH' | 'SH'
  | 'SHR' | 'OTH';

/** RSTOS0: the originator sent a SYN and later a RST, and no SYN-ACK came back. */
const RSTOS0_HISTORY = /^\^?S[^HAFGIQ]*R.*$/;

export function connState(c: Connection): ConnState {
  if (c.proto === 'udp') return udpState(c.origStats.active, c.respStats.active);
  if (c.tcp === undefined) return 'OTH';
  return tcpState(c.tcp.orig.state, c.tcp.resp.state, c);
}

function udpState(origActive: boolean, respActive: boolean): ConnState {
  if (origActive) return respActive ? 'SF' : 'S0';
  return respActive ? 'SHR' : 'OTH';
}

function tcpState(os: TcpEndpointState, rs: TcpEndpointState, c: Connection): ConnState {
  const origInactive = os === 'inactive' || os === 'partial';
  const respInactive = rs === 'inactive' || rs === 'partial';

  if (rs === 'reset') {
    const noBytes = c.tcp!.orig.size() === 0 && c.tcp!.resp.size() === 0;
    if (os === 'syn_sent' || os === 'syn_ack_sent' || (os === 'reset' && noBytes)) return 'REJ';
    return origInactive ? 'RSTRH' : 'RSTR';
  }
  if (os === 'reset') {
    if (!respInactive) return 'RSTO';
    return RSTOS0_HISTORY.test(c.history) ? 'RSTOS0' : 'OTH';
  }
  if (rs === 'closed' && os === 'closed') return 'SF';
  if (os === 'closed') return respInactive ? 'SH' : 'S2';
  if (rs === 'closed') return origInactive ? 'SHR' : 'S3';
  if (os === 'syn_sent' && rs === 'inactive') return 'S0';
  if (os === 'established' && rs === 'established') return 'S1';
  return 'OTH';
}

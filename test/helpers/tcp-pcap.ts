/**
 * Writes a pcap of TCP conversations for CLI tests: a handshake, then each side's payloads in
 * the order given (sequence and acknowledgement numbers kept right), one packet per payload.
 */
import { writeFileSync } from 'node:fs';

import { ethernet, ipv4, tcp } from './packet-builder.js';
import { pcapOf } from './pcap-file.js';

export interface TcpConversation {
  readonly client: string;
  readonly server: string;
  readonly clientPort: number;
  readonly serverPort?: number;
  /** Payloads in order: `[true, bytes]` from the client, `[false, bytes]` from the server. */
  readonly segments: readonly (readonly [boolean, string | Uint8Array])[];
}

const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;

/** Writes `conversations` one after the other, one packet per millisecond. */
export function writeTcpPcap(file: string, conversations: readonly TcpConversation[]): void {
  const frames: Buffer[] = [];
  for (const c of conversations) {
    const sport = c.clientPort;
    const dport = c.serverPort ?? 80;
    let cseq = 1000;
    let sseq = 5000;
    const packet = (fromClient: boolean, flags: number, payload = Buffer.alloc(0)) => {
      const seg = fromClient
        ? tcp({ sport, dport, seq: cseq, ack: sseq, flags, payload })
        : tcp({ sport: dport, dport: sport, seq: sseq, ack: cseq, flags, payload });
      const [src, dst] = fromClient ? [c.client, c.server] : [c.server, c.client];
      frames.push(ethernet(0x0800, ipv4({ src, dst, proto: 6, payload: seg })));
    };
    packet(true, SYN);
    cseq++;
    packet(false, SYN | ACK);
    sseq++;
    packet(true, ACK);
    for (const [fromClient, data] of c.segments) {
      const payload = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
      packet(fromClient, ACK | PSH, payload);
      if (fromClient) cseq += payload.length;
      else sseq += payload.length;
    }
  }
  writeFileSync(file, pcapOf(frames, 1_000_000));
}

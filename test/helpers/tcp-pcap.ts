/**
 * Writes a pcap of TCP conversations for CLI tests: a handshake, then each side's payloads in
 * the order given (sequence and acknowledgement numbers kept right), one packet per payload.
 */
import { writeFileSync } from 'node:fs';

import { ethernet, ipv4, tcp } from './packet-builder.js';

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
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map((frame, i) => {
    const rec = Buffer.alloc(16);
    const usec = 1_000_000 + i * 1000;
    rec.writeUInt32LE(1_700_000_000 + Math.floor(usec / 1e6), 0);
    rec.writeUInt32LE(usec % 1e6, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    return Buffer.concat([rec, frame]);
  });
  writeFileSync(file, Buffer.concat([header, ...records]));
}

/**
 * The fixed 12-byte DNS header (RFC 1035, 4.1.1), read into Zeek's `dns_msg` shape. NetBIOS
 * name service (RFC 1002) shares the layout; its opcodes mean other things.
 */
import type { DnsMsg } from './dns-events.js';

export const DNS_HEADER_BYTES = 12;

export const DnsOpcode = {
  Query: 0,
  Notify: 4,
  DynamicUpdate: 5,
} as const;

/** Opcodes whose messages are parsed and logged (others are only counted as weirds). */
export function isTrackedOpcode(opcode: number): boolean {
  return opcode === DnsOpcode.Query || opcode === DnsOpcode.DynamicUpdate ||
    opcode === DnsOpcode.Notify;
}

/** The opcode alone, for deciding whether to parse on. Needs the full header. */
export function opcodeOf(data: Uint8Array): number {
  return (data[2] >> 3) & 0x0f;
}

/** Reads the header. The caller has checked that `data` holds at least DNS_HEADER_BYTES. */
export function readHeader(data: Uint8Array, isNetbios: boolean): DnsMsg {
  const flags = (data[2] << 8) | data[3];
  return {
    id: (data[0] << 8) | data[1],
    opcode: (flags >> 11) & 0x0f,
    rcode: flags & 0x000f,
    QR: (flags & 0x8000) !== 0,
    AA: (flags & 0x0400) !== 0,
    TC: (flags & 0x0200) !== 0,
    RD: (flags & 0x0100) !== 0,
    RA: (flags & 0x0080) !== 0,
    Z: (flags & 0x0070) >> 4,
    AD: (flags & 0x0020) !== 0,
    CD: (flags & 0x0010) !== 0,
    num_queries: (data[4] << 8) | data[5],
    num_answers: (data[6] << 8) | data[7],
    num_auth: (data[8] << 8) | data[9],
    num_addl: (data[10] << 8) | data[11],
    is_netbios: isNetbios,
  };
}

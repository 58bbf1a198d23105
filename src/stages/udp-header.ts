import { be16 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { IpProtocol } from './ip-protocol.js';
import { PacketFlag, PacketStatus } from './packet-batch.js';
import { pseudoChecksumOk, readPortHeader, writePayload } from './transport-fields.js';

/**
 * The UDP header (RFC 768). The payload length follows the IP header, as in Zeek; the UDP
 * length field stays in the packet (offset 4 of the header) for the tracker, which compares
 * it with the IP length (`UDP_datagram_length_mismatch`) and counts bytes by it.
 */

export const UDP_HEADER = 8;
const CHECKSUM = 6;
/** VXLAN's well-known port (RFC 7348): senders may leave the outer UDP checksum zero. */
const VXLAN_PORT = 4789;
const VXLAN_HEADER = 8;
const ETHERNET_HEADER = 14;
/** The "I" flag of a VXLAN header: a valid VNI follows. */
const VXLAN_VNI_FLAG = 0x08;

export function decodeUdp(
  ctx: DecodeContext,
  l4Off: number,
  remaining: number,
  ipPayloadLen: number,
): PacketStatus {
  const len = readPortHeader(ctx, l4Off, UDP_HEADER, remaining, ipPayloadLen, 'UDP');
  if (len < 0) return PacketStatus.Malformed;

  const dstPort = be16(ctx.data, l4Off + 2);
  writePayload(ctx, l4Off + UDP_HEADER, remaining - UDP_HEADER, len - UDP_HEADER);
  if (shouldCheckUdpChecksum(ctx, l4Off, remaining, len, dstPort)) {
    if (!pseudoChecksumOk(ctx, l4Off, len, IpProtocol.UDP)) {
      ctx.batch.flags[ctx.row] |= PacketFlag.BadL4Checksum;
    }
  }
  return PacketStatus.Ok;
}

/**
 * Zeek checks only fully captured datagrams (and frames), skips the optional IPv4 zero
 * checksum, and accepts a zero checksum on what looks like VXLAN on its port even for IPv6.
 */
function shouldCheckUdpChecksum(
  ctx: DecodeContext,
  l4Off: number,
  remaining: number,
  len: number,
  dstPort: number,
): boolean {
  const batch = ctx.batch;
  if (ctx.ignoreChecksums || remaining < len) return false;
  if (batch.wirelen[ctx.row] > batch.caplen[ctx.row]) return false;

  const checksum = be16(ctx.data, l4Off + CHECKSUM);
  if (checksum !== 0) return true;
  if (ctx.ipVersion === 4) return false;
  return !looksLikeVxlan(ctx.data, l4Off, len, dstPort);
}

function looksLikeVxlan(d: Uint8Array, l4Off: number, len: number, dstPort: number): boolean {
  return (
    dstPort === VXLAN_PORT &&
    len > UDP_HEADER + VXLAN_HEADER + ETHERNET_HEADER &&
    (d[l4Off + UDP_HEADER] & VXLAN_VNI_FLAG) !== 0
  );
}

import { PacketStatus } from './packet-batch.js';
import type { DecodeContext } from './decode-context.js';
import { decodeIcmp } from './icmp-header.js';
import { IpProtocol } from './ip-protocol.js';
import { decodeTcp } from './tcp-header.js';
import { writeFlowKey, writePayload } from './transport-fields.js';
import { decodeUdp } from './udp-header.js';

/**
 * Hands the IP payload to the transport header decoder. `remaining` is the captured part of
 * the IP payload (never more than the IP header claims); `ipPayloadLen` is what the IP header
 * claims, 0 when the IPv4 length was zeroed by segmentation offload.
 *
 * IP-in-IP (4, 41) and GRE (47) are decoded only down to their protocol number for now; a
 * tunnel stage can pick them up from `ipProto` and `l4Offset`.
 */
export function decodeTransport(
  ctx: DecodeContext,
  l4Off: number,
  remaining: number,
  ipPayloadLen: number,
): PacketStatus {
  switch (ctx.nextProto) {
    case IpProtocol.TCP:
      return decodeTcp(ctx, l4Off, remaining, ipPayloadLen);
    case IpProtocol.UDP:
      return decodeUdp(ctx, l4Off, remaining, ipPayloadLen);
    case IpProtocol.ICMP:
    case IpProtocol.ICMPv6:
      return decodeIcmp(ctx, l4Off, remaining, ipPayloadLen);
    default:
      return decodeOtherTransport(ctx, l4Off, remaining, ipPayloadLen);
  }
}

/** Protocols without ports (and tunnels, for now): the whole IP payload is the payload. */
function decodeOtherTransport(
  ctx: DecodeContext,
  l4Off: number,
  remaining: number,
  ipPayloadLen: number,
): PacketStatus {
  writeFlowKey(ctx, l4Off, 0, 0, 0, 0);
  writePayload(ctx, l4Off, remaining, ipPayloadLen === 0 ? remaining : ipPayloadLen);
  return PacketStatus.Ok;
}

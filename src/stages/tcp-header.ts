import { be16, be32 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { IpProtocol } from './ip-protocol.js';
import { PacketFlag, PacketStatus } from './packet-batch.js';
import type { PacketBatch } from './packet-batch.js';
import { pseudoChecksumOk, readPortHeader, writePayload } from './transport-fields.js';

/**
 * The TCP header (RFC 9293 3.1). Ports are read as soon as 20 bytes fit, because Zeek builds
 * the connection from them before it looks at the data offset; a bad data offset then only
 * marks the row (`PacketFlag.BadL4Header`).
 */

export const TCP_MIN_HEADER = 20;
const DATA_OFFSET = 12;
const FLAGS = 13;
const WINDOW = 14;
/** The data offset counts 32-bit words. */
const DATA_OFFSET_UNIT = 4;

/**
 * Decodes the TCP header at `l4Off`; `remaining` bytes of it are captured and the IP header
 * claims `ipPayloadLen` (0 after segmentation offload zeroed the IPv4 length).
 */
export function decodeTcp(
  ctx: DecodeContext,
  l4Off: number,
  remaining: number,
  ipPayloadLen: number,
): PacketStatus {
  const len = readPortHeader(ctx, l4Off, TCP_MIN_HEADER, remaining, ipPayloadLen, 'TCP');
  if (len < 0) return PacketStatus.Malformed;

  const d = ctx.data;
  const hdrLen = (d[l4Off + DATA_OFFSET] >> 4) * DATA_OFFSET_UNIT;
  if (hdrLen < TCP_MIN_HEADER || hdrLen > len || hdrLen > remaining) {
    ctx.batch.flags[ctx.row] |= PacketFlag.BadL4Header;
    return PacketStatus.Ok;
  }

  writeSegmentFields(ctx, l4Off);
  writePayload(ctx, l4Off + hdrLen, remaining - hdrLen, len - hdrLen);
  checkTcpChecksum(ctx, l4Off, remaining, len);
  return PacketStatus.Ok;
}

function writeSegmentFields(ctx: DecodeContext, l4Off: number): void {
  const d = ctx.data;
  const batch = ctx.batch;
  const row = ctx.row;
  batch.seq[row] = be32(d, l4Off + 4);
  batch.ack[row] = be32(d, l4Off + 8);
  batch.tcpFlags[row] = d[l4Off + FLAGS];
  batch.window[row] = be16(d, l4Off + WINDOW);
}

/** Zeek checks the checksum only when the whole segment was captured. */
function checkTcpChecksum(ctx: DecodeContext, l4Off: number, remaining: number, len: number): void {
  if (ctx.ignoreChecksums || remaining < len) return;
  if (!pseudoChecksumOk(ctx, l4Off, len, IpProtocol.TCP)) {
    ctx.batch.flags[ctx.row] |= PacketFlag.BadL4Checksum;
  }
}

/**
 * The connection weird Zeek raises for a row flagged `BadL4Header`: `bad_TCP_header_len` when
 * the data offset is below the minimum header, else `truncated_header`.
 */
export function tcpHeaderWeird(batch: PacketBatch, row: number): string {
  const d = batch.data(row);
  const dataOffset = d[batch.offset[row] + batch.l4Offset[row] + DATA_OFFSET] >> 4;
  return dataOffset * DATA_OFFSET_UNIT < TCP_MIN_HEADER ? 'bad_TCP_header_len' : 'truncated_header';
}

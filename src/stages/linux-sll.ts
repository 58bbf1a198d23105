import { be16 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { EtherType, LINK_MALFORMED, LINK_NOT_IP } from './link-result.js';

/**
 * Linux "cooked" captures: LINKTYPE_LINUX_SLL (113, 16-byte header, protocol last) and
 * LINKTYPE_LINUX_SLL2 (276, 20-byte header, protocol first). Like Zeek, the protocol field is
 * read as an EtherType whatever the ARPHRD type, and only IP is followed.
 */

const SLL_HEADER = 16;
const SLL_PROTOCOL = 14;
const SLL2_HEADER = 20;
const SLL2_PROTOCOL = 0;

export function decodeLinuxSll(ctx: DecodeContext, off: number): number {
  if (ctx.end - off <= SLL_HEADER) {
    ctx.netWeird('truncated_Linux_SLL_header', 'LINUXSLL');
    return LINK_MALFORMED;
  }
  return ipOnly(ctx, off + SLL_HEADER, be16(ctx.data, off + SLL_PROTOCOL));
}

export function decodeLinuxSll2(ctx: DecodeContext, off: number): number {
  if (ctx.end - off <= SLL2_HEADER) {
    ctx.netWeird('truncated_Linux_SLL2_header', 'LINUXSLL2');
    return LINK_MALFORMED;
  }
  return ipOnly(ctx, off + SLL2_HEADER, be16(ctx.data, off + SLL2_PROTOCOL));
}

function ipOnly(ctx: DecodeContext, next: number, protocol: number): number {
  if (protocol !== EtherType.IPv4 && protocol !== EtherType.IPv6) return LINK_NOT_IP;
  ctx.etherType = protocol;
  return next;
}

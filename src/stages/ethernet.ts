import { be16 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { EtherType, LINK_MALFORMED, MAX_8023_LENGTH, MIN_ETHERTYPE } from './link-result.js';
import { decode8022 } from './llc.js';

/**
 * Ethernet II and IEEE 802.3 frames (LINKTYPE_ETHERNET), including Cisco FabricPath outer
 * headers. Returns the offset after the header with `ctx.etherType` set, or a link code.
 */

const ETHERNET_HEADER = 14;
const TYPE_FIELD = 12;
const FABRIC_PATH_HEADER = 16;
/**
 * Zeek treats a frame of 16 captured bytes or fewer as truncated (it wants at least two bytes
 * past the 14-byte header); matching it keeps the same packets out of analysis.
 */
const MIN_FRAME = 16;

export function decodeEthernet(ctx: DecodeContext, off: number): number {
  if (ctx.end - off <= MIN_FRAME) {
    ctx.netWeird('truncated_ethernet_frame', 'ETHERNET');
    return LINK_MALFORMED;
  }

  if (be16(ctx.data, off + TYPE_FIELD) === EtherType.CiscoFabricPath) {
    if (ctx.end - off <= FABRIC_PATH_HEADER + ETHERNET_HEADER) {
      ctx.netWeird('truncated_link_header_cfp', 'ETHERNET');
      return LINK_MALFORMED;
    }
    off += FABRIC_PATH_HEADER;
  }

  return decodeTypeOrLength(
    ctx,
    off + ETHERNET_HEADER,
    be16(ctx.data, off + TYPE_FIELD),
    'ETHERNET',
  );
}

/**
 * Handles the type/length field shared by Ethernet and VLAN headers: an EtherType is handed
 * on; a length trims the frame (dropping padding) and leads to the 802.2 payload.
 * `source` names the layer in weirds as Zeek does, by its analyzer's canonical name.
 */
export function decodeTypeOrLength(
  ctx: DecodeContext,
  next: number,
  typeOrLength: number,
  source: 'ETHERNET' | 'VLAN',
): number {
  if (typeOrLength >= MIN_ETHERTYPE) {
    ctx.etherType = typeOrLength;
    return next;
  }

  if (typeOrLength > MAX_8023_LENGTH) {
    ctx.netWeird(
      source === 'ETHERNET' ? 'undefined_ether_type' : 'undefined_vlan_protocol',
      source,
    );
    return LINK_MALFORMED;
  }

  if (ctx.end - next < 2) {
    ctx.netWeird(
      source === 'ETHERNET' ? 'truncated_ethernet_frame' : 'truncated_VLAN_header',
      source,
    );
    return LINK_MALFORMED;
  }
  ctx.end = Math.min(ctx.end, next + typeOrLength);
  return decode8022(ctx, next);
}

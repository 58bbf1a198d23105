import { be16 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { decodeTypeOrLength } from './ethernet.js';
import { LINK_MALFORMED } from './link-result.js';

/**
 * IEEE 802.1Q tags, also stacked (802.1ad QinQ): the outer id goes to the `vlan` column, the
 * next to `innerVlan`. As in Zeek, a third tag overwrites the inner id with a weird.
 */

const VLAN_HEADER = 4;
const VLAN_ID_MASK = 0x0fff;

export function decodeVlan(ctx: DecodeContext, off: number): number {
  if (ctx.end - off <= VLAN_HEADER) {
    ctx.netWeird('truncated_VLAN_header', 'VLAN');
    return LINK_MALFORMED;
  }

  recordVlanId(ctx, be16(ctx.data, off) & VLAN_ID_MASK);
  return decodeTypeOrLength(ctx, off + VLAN_HEADER, be16(ctx.data, off + 2), 'VLAN');
}

function recordVlanId(ctx: DecodeContext, id: number): void {
  const batch = ctx.batch;
  ctx.vlanTags++;
  if (ctx.vlanTags === 1) {
    batch.vlan[ctx.row] = id;
    return;
  }
  if (ctx.vlanTags > 2) {
    ctx.netWeird('triple_tagged_vlan_unsupported', 'VLAN', 'inner VLAN tag overwritten');
  }
  batch.innerVlan[ctx.row] = id;
}

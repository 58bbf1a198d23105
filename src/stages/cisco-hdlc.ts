import { be16 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { LINK_MALFORMED } from './link-result.js';

/**
 * Cisco HDLC (LINKTYPE_C_HDLC, 104): address, control, then an EtherType. Zeek has no
 * analyzer for it; reading the EtherType lets IP (and MPLS) on such links be analysed.
 */

const CISCO_HDLC_HEADER = 4;
const PROTOCOL_FIELD = 2;

export function decodeCiscoHdlc(ctx: DecodeContext, off: number): number {
  if (ctx.end - off <= CISCO_HDLC_HEADER) {
    ctx.netWeird('truncated_cisco_hdlc_header', 'CISCO_HDLC');
    return LINK_MALFORMED;
  }
  ctx.etherType = be16(ctx.data, off + PROTOCOL_FIELD);
  return off + CISCO_HDLC_HEADER;
}

import { be16 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { LINK_MALFORMED, LINK_NOT_IP } from './link-result.js';
import { pppToEtherType } from './ppp.js';

/**
 * PPPoE session frames (EtherType 0x8864, RFC 2516) carrying PPP with IPv4 or IPv6. The
 * PPPoE length field bounds the payload, which drops Ethernet padding; a mismatch with the
 * captured bytes is a weird, as in Zeek.
 */

/** Version/type, code, session id and length; the PPP protocol follows. */
const PPPOE_HEADER = 6;
const PPP_PROTOCOL = 2;
const LENGTH_FIELD = 4;

export function decodePppoe(ctx: DecodeContext, off: number): number {
  const len = ctx.end - off;
  if (len <= PPPOE_HEADER + PPP_PROTOCOL) {
    ctx.netWeird('truncated_pppoe_header', 'PPPOE');
    return LINK_MALFORMED;
  }

  const d = ctx.data;
  const payloadLength = be16(d, off + LENGTH_FIELD);
  checkPayloadLength(ctx, payloadLength, len - PPPOE_HEADER);

  const next = off + PPPOE_HEADER + PPP_PROTOCOL;
  ctx.end = Math.min(ctx.end, next + Math.max(payloadLength - PPP_PROTOCOL, 0));

  const etherType = pppToEtherType(be16(d, off + PPPOE_HEADER), false);
  if (etherType < 0) return LINK_NOT_IP;
  ctx.etherType = etherType;
  return next;
}

function checkPayloadLength(ctx: DecodeContext, claimed: number, captured: number): void {
  if (claimed < captured) ctx.netWeird('pppoe_extra_data_after_payload', 'PPPOE');
  else if (claimed > captured) ctx.netWeird('pppoe_truncated_payload', 'PPPOE');
}

import { InnerLink, type TunnelPayload } from './tunnel-payload.js';

/**
 * VXLAN (RFC 7348): an 8-byte header whose "I" flag says a VNI is present, followed by an
 * Ethernet frame. Validated as Zeek's VXLAN packet analyzer validates it.
 */

export const VXLAN_HEADER = 8;
const VNI_FLAG = 0x08;

/** Parses `len` bytes at `off`; true with `out` pointing at the inner frame. */
export function parseVxlan(d: Uint8Array, off: number, len: number, out: TunnelPayload): boolean {
  if (len < VXLAN_HEADER) return out.fail('VXLAN header truncation');
  if ((d[off] & VNI_FLAG) === 0) return out.fail("VXLAN 'I' flag not set");

  out.confirm = true;
  if (len === VXLAN_HEADER) return out.report('vxlan_empty_packet');
  out.link = InnerLink.Ethernet;
  out.offset = off + VXLAN_HEADER;
  out.length = len - VXLAN_HEADER;
  return true;
}

import type { DecodeContext } from './decode-context.js';
import { LINK_MALFORMED } from './link-result.js';

/**
 * An MPLS label stack (RFC 3032). The stack does not say what it carries; like Zeek we read
 * IP after the bottom-of-stack label and let the IP layer tell IPv4 from IPv6 by its version
 * nibble.
 */

const LABEL_ENTRY = 4;
/** Bottom-of-stack bit, in the third byte of a label entry. */
const BOTTOM_OF_STACK = 0x01;

/** Returns the offset after the bottom-of-stack label, or LINK_MALFORMED. */
export function skipMplsLabels(ctx: DecodeContext, off: number): number {
  for (;;) {
    if (ctx.end - off <= LABEL_ENTRY) {
      ctx.netWeird('truncated_link_header', 'MPLS');
      return LINK_MALFORMED;
    }

    const bottom = (ctx.data[off + 2] & BOTTOM_OF_STACK) !== 0;
    off += LABEL_ENTRY;
    if (bottom) return off;
  }
}

import type { DecodeContext } from './decode-context.js';

/**
 * The IPv6 extension headers that change a packet's flow addresses, checked as Zeek checks
 * them: a Routing header with segments left names the final destination (RFC 8200 4.4,
 * Mobile IPv6 type 2), a Home Address destination option (RFC 6275 6.3) names the real
 * source. Problems become flow weirds without a source layer, as in Zeek.
 */

const IPV6_ADDRESS = 16;
const ROUTING_TYPE_0 = 0;
const ROUTING_TYPE_2 = 2;
const OPTION_PAD1 = 0;
const OPTION_HOME_ADDRESS = 201;
/** Option type and length bytes. */
const OPTION_HEADER = 2;
/** Next header and length bytes that open every extension header. */
const EXTENSION_PREFIX = 2;

/** Routing header at `h`, `len` bytes long and fully captured. */
export function processRoutingHeader(ctx: DecodeContext, h: number, len: number): void {
  if (ctx.finalDstSet) {
    ctx.flowWeird('multiple_routing_headers');
    return;
  }

  const d = ctx.data;
  const hdrExtLen = d[h + 1];
  const segmentsLeft = d[h + 3];
  const lastAddress = h + len - IPV6_ADDRESS;
  switch (d[h + 2]) {
    case ROUTING_TYPE_0:
      processRoutingType0(ctx, hdrExtLen, segmentsLeft, lastAddress);
      break;
    case ROUTING_TYPE_2:
      if (segmentsLeft === 0) break;
      if (hdrExtLen === 2) setFinalDestination(ctx, lastAddress);
      else ctx.flowWeird('bad_routing2_len');
      break;
    default:
      ctx.flowWeird('unknown_routing_type', undefined, `${d[h + 2]}`);
  }
}

/** Type 0 is deprecated (RFC 5095), so it always raises a weird even when well formed. */
function processRoutingType0(
  ctx: DecodeContext,
  hdrExtLen: number,
  segmentsLeft: number,
  lastAddress: number,
): void {
  if (segmentsLeft > 0 && hdrExtLen >= 2) {
    if (hdrExtLen % 2 === 0) setFinalDestination(ctx, lastAddress);
    else ctx.flowWeird('odd_routing0_len');
  }
  ctx.flowWeird('routing0_hdr');
}

function setFinalDestination(ctx: DecodeContext, off: number): void {
  ctx.finalDstSet = true;
  ctx.dstOff = off;
}

/** Destination Options header at `h`, `len` bytes long and fully captured. */
export function processDestinationOptions(ctx: DecodeContext, h: number, len: number): void {
  const d = ctx.data;
  let p = h + EXTENSION_PREFIX;
  let left = len - EXTENSION_PREFIX;

  while (left > 0) {
    if (d[p] === OPTION_PAD1) {
      p++;
      left--;
      continue;
    }
    if (left < OPTION_HEADER || left < OPTION_HEADER + d[p + 1]) {
      ctx.flowWeird('bad_ipv6_dest_opt_len');
      return;
    }

    if (d[p] === OPTION_HOME_ADDRESS) processHomeAddress(ctx, p);
    const optionLen = OPTION_HEADER + d[p + 1];
    p += optionLen;
    left -= optionLen;
  }
}

function processHomeAddress(ctx: DecodeContext, p: number): void {
  if (ctx.data[p + 1] !== IPV6_ADDRESS) {
    ctx.flowWeird('bad_home_addr_len');
  } else if (ctx.homeAddrSet) {
    ctx.flowWeird('multiple_home_addr_opts');
  } else {
    ctx.homeAddrSet = true;
    ctx.srcOff = p + OPTION_HEADER;
  }
}

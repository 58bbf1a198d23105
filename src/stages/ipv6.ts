import { be16, be32 } from './byte-order.js';
import type { DecodeContext } from './decode-context.js';
import { IpProtocol } from './ip-protocol.js';
import { processDestinationOptions, processRoutingHeader } from './ipv6-extension-headers.js';

/**
 * The IPv6 header (RFC 8200) and its extension header chain, walked as Zeek walks it: through
 * hop-by-hop, routing, destination options and AH; the walk ends after a fragment, ESP or
 * mobility header, at the first non-extension protocol, or at a header not fully captured.
 * The result goes into the context's IP header view.
 */

/** Bytes of the fixed IPv6 header; the caller has checked they are captured. */
export const IPV6_HEADER = 40;

const NEXT_HEADER_FIELD = 6;
const FRAGMENT_HEADER = 8;
const ESP_VISIBLE_HEADER = 8;
/** Hop-by-hop, routing, destination options and mobility count 8-byte units beyond the first 8. */
const EXTENSION_UNIT = 8;
/** AH counts 4-byte units beyond the first 8 (RFC 4302). */
const AH_UNIT = 4;
const FRAGMENT_OFFSET_MASK = 0xfff8;
const MORE_FRAGMENTS = 0x0001;

/** Fills the IP header view from the IPv6 packet at `off`, walking at most `len` bytes. */
export function readIPv6Header(ctx: DecodeContext, off: number, len: number): void {
  startView(ctx, off);

  const d = ctx.data;
  let h = off;
  let type = IpProtocol.IPv6 as number;
  let namingField = -1;
  for (;;) {
    if (len < 2) break;
    const hdrLen = extensionLength(d, type, h);
    if (hdrLen > len) break;

    const next = nextHeaderOf(d, type, h);
    if (type === IpProtocol.Fragment) ctx.fragNextFieldRel = namingField - off;
    processHeader(ctx, type, h, hdrLen);
    ctx.ipHdrLen += hdrLen;
    ctx.lastHeader = type;
    ctx.lastHeaderOff = h;
    ctx.nextProto = next;
    if (endsWalk(type) || !isExtensionHeader(next)) break;

    namingField = type === IpProtocol.IPv6 ? h + NEXT_HEADER_FIELD : h;
    h += hdrLen;
    len -= hdrLen;
    type = next;
  }
}

/** The Next Header value of the header of `type` at `h`; ESP hides it in its encrypted part. */
function nextHeaderOf(d: Uint8Array, type: number, h: number): number {
  if (type === IpProtocol.IPv6) return d[h + NEXT_HEADER_FIELD];
  if (type === IpProtocol.ESP) return IpProtocol.NoNextHeader;
  return d[h];
}

function startView(ctx: DecodeContext, off: number): void {
  ctx.ipVersion = 6;
  ctx.ipOff = off;
  ctx.ipHdrLen = 0;
  ctx.ipTotalLen = be16(ctx.data, off + 4) + IPV6_HEADER;
  ctx.nextProto = ctx.data[off + NEXT_HEADER_FIELD];
  ctx.lastHeader = IpProtocol.IPv6;
  ctx.srcOff = off + 8;
  ctx.dstOff = off + 24;
  ctx.addrLen = 16;
  ctx.isFragment = false;
  ctx.dontFragment = false;
  ctx.finalDstSet = false;
  ctx.homeAddrSet = false;
}

function processHeader(ctx: DecodeContext, type: number, h: number, hdrLen: number): void {
  if (type === IpProtocol.Routing) processRoutingHeader(ctx, h, hdrLen);
  else if (type === IpProtocol.DestinationOptions) processDestinationOptions(ctx, h, hdrLen);
  else if (type === IpProtocol.Fragment) readFragmentHeader(ctx, h);
}

/** Length of the header of `type` at `h` (its first two bytes are captured); 0 if unknown. */
function extensionLength(d: Uint8Array, type: number, h: number): number {
  switch (type) {
    case IpProtocol.IPv6:
      return IPV6_HEADER;
    case IpProtocol.HopByHop:
    case IpProtocol.DestinationOptions:
    case IpProtocol.Routing:
    case IpProtocol.Mobility:
      return EXTENSION_UNIT + EXTENSION_UNIT * d[h + 1];
    case IpProtocol.Fragment:
      return FRAGMENT_HEADER;
    case IpProtocol.AH:
      return EXTENSION_UNIT + AH_UNIT * d[h + 1];
    case IpProtocol.ESP:
      return ESP_VISIBLE_HEADER;
    default:
      return 0;
  }
}

/** Fragment, ESP and mobility headers end the chain: what follows is not a plain header. */
function endsWalk(type: number): boolean {
  return type === IpProtocol.Fragment || type === IpProtocol.ESP || type === IpProtocol.Mobility;
}

export function isExtensionHeader(type: number): boolean {
  switch (type) {
    case IpProtocol.HopByHop:
    case IpProtocol.Routing:
    case IpProtocol.DestinationOptions:
    case IpProtocol.Fragment:
    case IpProtocol.AH:
    case IpProtocol.ESP:
    case IpProtocol.Mobility:
      return true;
    default:
      return false;
  }
}

function readFragmentHeader(ctx: DecodeContext, h: number): void {
  const offsetAndFlags = be16(ctx.data, h + 2);
  ctx.isFragment = true;
  ctx.fragOffset = offsetAndFlags & FRAGMENT_OFFSET_MASK;
  ctx.moreFragments = (offsetAndFlags & MORE_FRAGMENTS) !== 0;
  ctx.fragId = be32(ctx.data, h + 4);
}

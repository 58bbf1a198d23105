/**
 * Community ID v1 (github.com/corelight/community-id-spec): a flow identifier that any tool
 * computing it from the same 5-tuple gets byte for byte, so records of different tools about
 * one flow can be joined. It is `1:` and the base64 (or lower-case hex) of the SHA-1 of a
 * buffer holding, in network byte order: seed (2 bytes), the two addresses, the IP protocol,
 * one zero byte of padding and, for protocols with ports, the two ports.
 */
import { createHash, hash } from 'node:crypto';

import { icmpConnPorts } from '../../stages/icmp-ports.js';
import { IpProtocol } from '../../stages/ip-protocol.js';

/** SCTP (RFC 9260), which the decoder does not otherwise name. */
const SCTP = 132;

/** The IP protocols whose ports (or ICMP type and code) enter the hash. */
const PROTOS_WITH_PORTS: ReadonlySet<number> = new Set([
  IpProtocol.ICMP, IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMPv6, SCTP,
]);

const VERSION_PREFIX = '1:';
/** Bytes of seed, protocol and padding around the addresses. */
const SEED_BYTES = 2;
const PROTO_AND_PAD_BYTES = 2;
const PORT_BYTES = 2;

/**
 * Node's one-shot digest (20.12 and later) skips the Hash object: it costs several times less
 * than `createHash`, and a digest is taken for every connection.
 */
const ONE_SHOT_HASH = typeof hash === 'function';

export interface CommunityIdOptions {
  /** Seed, 0 to 65535, so sites can keep their IDs apart (both ends must agree on it). */
  readonly seed: number;
  /** Base64 of the digest (the spec's default); false gives lower-case hex. */
  readonly base64: boolean;
}

export const DEFAULT_COMMUNITY_ID_OPTIONS: CommunityIdOptions = { seed: 0, base64: true };

/**
 * A flow as the hash sees it. For ICMP and ICMPv6 the ports are already mapped: the message
 * type and the counterpart type (or the code for one-way messages), as a connection holds
 * them; `communityIdOfPacket` maps a raw type and code.
 */
export interface FlowTuple {
  /** 4 or 16 bytes each, in packet (or originator) order. */
  readonly srcAddr: Uint8Array;
  readonly dstAddr: Uint8Array;
  readonly proto: number;
  /** Ignored for protocols without ports. */
  readonly srcPort: number;
  readonly dstPort: number;
}

/** The Community ID v1 of `flow`. Both directions of a flow give the same ID. */
export function communityIdV1(flow: FlowTuple, options = DEFAULT_COMMUNITY_ID_OPTIONS): string {
  const input = hashInput(flow, options.seed);
  const encoding = options.base64 ? 'base64' : 'hex';
  return VERSION_PREFIX + (ONE_SHOT_HASH ? hash('sha1', input, encoding)
    : createHash('sha1').update(input).digest(encoding));
}

/** The Community ID v1 of a packet's tuple, mapping ICMP's raw type and code first. */
export function communityIdOfPacket(
  flow: FlowTuple, options = DEFAULT_COMMUNITY_ID_OPTIONS,
): string {
  if (!isIcmp(flow.proto)) return communityIdV1(flow, options);
  const ports = icmpConnPorts(flow.proto, flow.srcPort, flow.dstPort);
  return communityIdV1({ ...flow, srcPort: ports.srcPort, dstPort: ports.dstPort }, options);
}

/** The buffer that is hashed, endpoints in canonical order (smaller one first). */
export function hashInput(flow: FlowTuple, seed: number): Buffer {
  const hasPorts = PROTOS_WITH_PORTS.has(flow.proto);
  const keep = keepsPacketOrder(flow, hasPorts);
  const [a, b] = keep ? [flow.srcAddr, flow.dstAddr] : [flow.dstAddr, flow.srcAddr];
  const [portA, portB] = keep ? [flow.srcPort, flow.dstPort] : [flow.dstPort, flow.srcPort];

  const alen = a.length;
  const out = Buffer.alloc(SEED_BYTES + 2 * alen + PROTO_AND_PAD_BYTES +
    (hasPorts ? 2 * PORT_BYTES : 0));
  out.writeUInt16BE(seed & 0xffff, 0);
  out.set(a, SEED_BYTES);
  out.set(b, SEED_BYTES + alen);
  out[SEED_BYTES + 2 * alen] = flow.proto;
  if (!hasPorts) return out;

  const portsAt = SEED_BYTES + 2 * alen + PROTO_AND_PAD_BYTES;
  out.writeUInt16BE(portA, portsAt);
  out.writeUInt16BE(portB, portsAt + PORT_BYTES);
  return out;
}

/**
 * Whether the source endpoint already comes first: it has the smaller address, or the same
 * address and a smaller (or equal) port. One-way ICMP messages always keep packet order, as
 * the spec requires: their "ports" are a type and a code, which have no reverse direction.
 */
function keepsPacketOrder(flow: FlowTuple, hasPorts: boolean): boolean {
  if (isOneWayIcmp(flow)) return true;
  const byAddress = Buffer.compare(flow.srcAddr, flow.dstAddr);
  if (byAddress !== 0) return byAddress < 0;
  return !hasPorts || flow.srcPort <= flow.dstPort;
}

function isOneWayIcmp(flow: FlowTuple): boolean {
  return isIcmp(flow.proto) && icmpConnPorts(flow.proto, flow.srcPort, 0).oneWay;
}

function isIcmp(proto: number): boolean {
  return proto === IpProtocol.ICMP || proto === IpProtocol.ICMPv6;
}

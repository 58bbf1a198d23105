/**
 * Hand-built frames for filter tests. Each builder returns the bytes of one frame; the
 * layouts are described next to each function.
 */

const MAC_A = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55];
const MAC_B = [0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb];

export interface Ipv4Options {
  readonly proto?: number;
  readonly src?: readonly number[];
  readonly dst?: readonly number[];
  /** Flags and fragment offset field (bytes 6-7). */
  readonly fragment?: number;
  readonly payload?: readonly number[];
}

/** 20-byte IPv4 header (no options, checksum 0) followed by `payload`. */
export function ipv4(o: Ipv4Options = {}): number[] {
  const payload = o.payload ?? tcp(1234, 80);
  const total = 20 + payload.length;
  const frag = o.fragment ?? 0;
  return [
    0x45,
    0x00,
    total >> 8,
    total & 0xff,
    0x00,
    0x01,
    frag >> 8,
    frag & 0xff,
    0x40,
    o.proto ?? 6,
    0x00,
    0x00,
    ...(o.src ?? [10, 0, 0, 1]),
    ...(o.dst ?? [10, 0, 0, 2]),
    ...payload,
  ];
}

/** 20-byte TCP header with SYN set. */
export function tcp(src: number, dst: number, flags = 0x02): number[] {
  return [
    src >> 8,
    src & 0xff,
    dst >> 8,
    dst & 0xff,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0x50,
    flags,
    0xff,
    0xff,
    0,
    0,
    0,
    0,
  ];
}

/** 8-byte UDP header. */
export function udp(src: number, dst: number, body: readonly number[] = []): number[] {
  const len = 8 + body.length;
  return [src >> 8, src & 0xff, dst >> 8, dst & 0xff, len >> 8, len & 0xff, 0, 0, ...body];
}

/** 40-byte IPv6 header (2001:db8::1 -> 2001:db8::2) with next header `next`. */
export function ipv6(next: number, payload: readonly number[]): number[] {
  const addr = (last: number): number[] => [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), last];
  const len = payload.length;
  return [0x60, 0, 0, 0, len >> 8, len & 0xff, next, 64, ...addr(1), ...addr(2), ...payload];
}

/** An 8-byte IPv6 extension header (Hop-by-Hop, Fragment ...) announcing `next`. */
export function extension(next: number): number[] {
  return [next, 0, 0, 0, 0, 0, 0, 0];
}

/** Ethernet II: dst, src, EtherType, payload. */
export function ethernet(etherType: number, payload: readonly number[], dst = MAC_B): Buffer {
  return Buffer.from([...dst, ...MAC_A, etherType >> 8, etherType & 0xff, ...payload]);
}

/** Ethernet with one 802.1Q tag (VLAN `vid`) in front of `etherType`. */
export function tagged(vid: number, etherType: number, payload: readonly number[]): Buffer {
  const tag = [vid >> 8, vid & 0xff, etherType >> 8, etherType & 0xff];
  return ethernet(0x8100, [...tag, ...payload]);
}

/** ARP request from 10.0.0.1 for 10.0.0.2. */
export function arp(): number[] {
  return [0, 1, 8, 0, 6, 4, 0, 1, ...MAC_A, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2];
}

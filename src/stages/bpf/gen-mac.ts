/**
 * MAC-address primitives: `ether host/src/dst`, `ether broadcast`, `ether multicast`. On
 * 802.11 the address fields depend on the frame type and the To DS / From DS bits.
 */
import type { Direction } from './ast.js';
import type { CodegenState, Offset } from './codegen-state.js';
import { FilterCompileError } from './errors.js';
import { hasMacAddresses, isIeee80211 } from './link-types.js';
import { and, cmp, constant, FALSE, not, or, TRUE, type Test, type Value } from './program.js';
import { byDirection } from './gen-network.js';
import { isDataFrame } from './wlan-offsets.js';

const ETHER_DST = 0;
const ETHER_SRC = 6;
/** 802.11 address fields: addr1 (4), addr2 (10), addr3 (16), addr4 (24). */
const WLAN_ADDR1 = 4;
const WLAN_ADDR2 = 10;
const WLAN_ADDR3 = 16;
const WLAN_ADDR4 = 24;
const FC_TYPE_CONTROL = 0x04;
const FC1_TO_DS = 0x01;
const FC1_FROM_DS = 0x02;
const GROUP_BIT = 0x01;

/** Link types libpcap names when it refuses MAC multicast tests. */
export const MAC_LINKS = 'ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel';

export const BROADCAST_MAC: readonly number[] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

/** Compares 6 bytes as libpcap's gen_bcmp does: the last 4 bytes first, then the first 2. */
function macEquals(s: CodegenState, base: Offset, at: number, mac: readonly number[]): Test {
  const tail = ((mac[2] << 24) | (mac[3] << 16) | (mac[4] << 8) | mac[5]) >>> 0;
  const head = (mac[0] << 8) | mac[1];
  return and(
    cmp('eq', s.loadAt(base, at + 2, 4), constant(tail)),
    cmp('eq', s.loadAt(base, at, 2), constant(head)),
  );
}

function requireMac(s: CodegenState, message: string): void {
  if (!hasMacAddresses(s.linkType)) throw new FilterCompileError(message, 0);
}

const ADDRESS_ERROR =
  'ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel';

export function macHost(s: CodegenState, mac: readonly number[], dir: Direction | undefined): Test {
  requireMac(s, ADDRESS_ERROR);
  return byDirection(dir, (src) => macAt(s, src, (base, at) => macEquals(s, base, at, mac)));
}

/** Applies `test` to the source or destination address field of this frame. */
function macAt(s: CodegenState, src: boolean, test: (base: Offset, at: number) => Test): Test {
  const hdr = s.linkHeader();
  if (!isIeee80211(s.linkType)) return test(hdr, src ? ETHER_SRC : ETHER_DST);
  const fc0 = s.loadAt(hdr, 0, 1);
  const fc1 = s.loadAt(hdr, 1, 1);
  const bit = (v: Value, b: number): Test => cmp('set', v, constant(b));
  const data = src
    ? ternary(
        bit(fc1, FC1_FROM_DS),
        ternary(bit(fc1, FC1_TO_DS), test(hdr, WLAN_ADDR4), test(hdr, WLAN_ADDR3)),
        test(hdr, WLAN_ADDR2),
      )
    : ternary(bit(fc1, FC1_TO_DS), test(hdr, WLAN_ADDR3), test(hdr, WLAN_ADDR1));
  const management = test(hdr, src ? WLAN_ADDR2 : WLAN_ADDR1);
  return and(not(bit(fc0, FC_TYPE_CONTROL)), ternary(isDataFrame(fc0), data, management));
}

function ternary(cond: Test, then: Test, otherwise: Test): Test {
  return or(and(cond, then), and(not(cond), otherwise));
}

export function macBroadcast(s: CodegenState): Test {
  if (!hasMacAddresses(s.linkType)) throw new FilterCompileError('not a broadcast link', 0);
  return macAt(s, false, (base, at) => macEquals(s, base, at, BROADCAST_MAC));
}

export function macMulticast(s: CodegenState): Test {
  requireMac(s, `link-layer multicast filters supported only on ${MAC_LINKS}`);
  return macAt(s, false, (base, at) => cmp('set', s.loadAt(base, at, 1), constant(GROUP_BIT)));
}

export { TRUE, FALSE };

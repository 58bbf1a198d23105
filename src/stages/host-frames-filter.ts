/**
 * Non-promiscuous capture for a handle that is always promiscuous. `cap` opens every interface
 * in promiscuous mode, so seeing only the frames a non-promiscuous capture would see (those to
 * or from this host, broadcast and multicast) is done by the kernel filter instead. The
 * interface itself still enters promiscuous mode; only what wirelog reads is restricted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** ARPHRD_ETHER in /sys/class/net/IFACE/type: the links where a MAC address names the host. */
const ARPHRD_ETHER = 1;

const SYS_NET = '/sys/class/net';

/** Reads a file of the interface's /sys/class/net entry; undefined when it cannot be read. */
export type SysNetReader = (iface: string, file: string) => string | undefined;

const readSysNet: SysNetReader = (iface, file) => {
  try {
    return readFileSync(path.join(SYS_NET, path.basename(iface), file), 'utf8').trim();
  } catch {
    return undefined;
  }
};

/**
 * The MAC address of an Ethernet interface, or undefined when the interface is not Ethernet or
 * is unknown (the `any` pseudo-interface, loopback, tunnels): there, promiscuous mode changes
 * nothing and no restriction applies.
 */
export function ethernetAddress(
  iface: string, read: SysNetReader = readSysNet,
): string | undefined {
  if (Number(read(iface, 'type')) !== ARPHRD_ETHER) return undefined;

  const mac = read(iface, 'address');
  return mac !== undefined && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac) ? mac : undefined;
}

/**
 * `expression` limited to frames a non-promiscuous capture on `iface` sees: sent or received
 * by the interface's own address, or multicast (broadcast included). '' means "every packet".
 */
export function hostFramesFilter(
  iface: string, expression: string, read: SysNetReader = readSysNet,
): string {
  const mac = ethernetAddress(iface, read);
  if (mac === undefined) return expression;

  const hostFrames = `(ether host ${mac} or ether multicast)`;
  return expression === '' ? hostFrames : `${hostFrames} and (${expression})`;
}

/**
 * With `live.promiscuous: false`, the kernel filter keeps only the frames a non-promiscuous
 * capture sees: to or from the interface's MAC address, or multicast (broadcast included).
 */
import t from 'tap';

import { ethernetAddress, hostFramesFilter } from '../../src/stages/host-frames-filter.js';

/** /sys/class/net as a table: interface -> file -> contents. */
function sysNet(entries: Record<string, Record<string, string>>) {
  return (iface: string, file: string) => entries[iface]?.[file];
}

const read = sysNet({
  eth0: { type: '1', address: '02:42:ac:11:00:02' },
  lo: { type: '772', address: '00:00:00:00:00:00' },
  odd0: { type: '1', address: 'not-a-mac' },
});

t.test('an Ethernet interface restricts the filter to frames of its own address', async (t) => {
  t.equal(hostFramesFilter('eth0', 'udp', read),
    '(ether host 02:42:ac:11:00:02 or ether multicast) and (udp)');
  t.equal(hostFramesFilter('eth0', '', read), '(ether host 02:42:ac:11:00:02 or ether multicast)',
    'every packet of the host when no filter is set');
});

t.test('interfaces without a MAC address keep the filter as it is', async (t) => {
  t.equal(hostFramesFilter('lo', 'tcp', read), 'tcp', 'loopback');
  t.equal(hostFramesFilter('any', 'tcp', read), 'tcp', 'the any pseudo-interface');
  t.equal(ethernetAddress('odd0', read), undefined, 'an unreadable address');
});

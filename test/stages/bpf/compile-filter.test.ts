import t from 'tap';

import {
  compileFilter,
  FilterCompileError,
  FilterSyntaxError,
  LinkType,
} from '../../../src/stages/bpf/index.js';
import { arp, ethernet, extension, ipv4, ipv6, tagged, tcp, udp } from './packets.js';

const ETH = LinkType.ETHERNET;

/** Runs `expr` over whole frames; `wirelen` defaults to the frame length. */
function matches(expr: string, frame: Buffer, linkType: number = ETH, wirelen?: number): boolean {
  return compileFilter(expr, linkType).match(frame, 0, frame.length, wirelen ?? frame.length);
}

const web = ethernet(0x0800, ipv4());
const taggedWeb = tagged(165, 0x0800, ipv4());

t.test('vlan shifts the offsets of every later test, even under not', async (t) => {
  t.ok(matches('tcp port 80', web));
  t.notOk(matches('tcp port 80', taggedWeb), 'a tagged frame needs the vlan keyword');
  t.ok(matches('vlan and tcp port 80', taggedWeb));
  t.ok(matches('vlan 165 and tcp port 80', taggedWeb));
  t.notOk(matches('vlan 166 and tcp port 80', taggedWeb));
  t.notOk(matches('not vlan and tcp port 80', web), 'port read 4 bytes too far');
  t.notOk(matches('not vlan and tcp port 80', taggedWeb), 'the frame is tagged');
  t.ok(matches('tcp port 80 and not vlan', web), 'a later vlan leaves earlier tests alone');
});

t.test('a load past the captured bytes rejects the packet, whatever not says', async (t) => {
  const arpFrame = ethernet(0x0806, arp());
  t.notOk(matches('not tcp[100] = 0', web), 'short TCP packet');
  t.ok(matches('not tcp[100] = 0', arpFrame), 'not TCP: the load never runs');
  t.notOk(matches('ip[0] / (ip[1] & 0) = 0', web), 'division by zero at run time rejects');
  t.ok(matches('ip[0] / (ip[1] | 1) = 0x45', web));
});

t.test('a byte test whose outcome cannot matter is removed, with its load', async (t) => {
  t.ok(matches('tcp[100] = 0 or ip', web), 'the ip test after it is already known true');
  t.notOk(matches('tcp[100] = 0 or arp', web), 'here the load still decides, and faults');
  t.throws(() => compileFilter('ip and ip6', ETH), /expression rejects all packets/);
  t.throws(() => compileFilter('tcp and udp port 53', ETH), /expression rejects all packets/);
  t.ok(compileFilter('ip6 protochain 6', LinkType.IPV4), 'protochain programs are not optimized');
});

t.test('len, less and greater use the wire length', async (t) => {
  t.ok(matches('greater 1000', web, ETH, 1500));
  t.notOk(matches('less 64', web, ETH, 1500));
  t.ok(matches('len = 1500', web, ETH, 1500));
});

t.test('port tests only look at first IPv4 fragments; proto tests at all', async (t) => {
  const later = ethernet(0x0800, ipv4({ fragment: 0x0010 }));
  t.notOk(matches('tcp port 80', later));
  t.ok(matches('tcp', later));
  t.ok(matches('ip[6:2] & 0x1fff != 0 and tcp', later));
});

t.test('IPv6 tcp checks the fixed next header or one Fragment header only', async (t) => {
  const direct = ethernet(0x86dd, ipv6(6, tcp(1, 80)));
  const fragment = ethernet(0x86dd, ipv6(44, [...extension(6), ...tcp(1, 80)]));
  const hopByHop = ethernet(0x86dd, ipv6(0, [...extension(6), ...tcp(1, 80)]));
  t.ok(matches('tcp', direct));
  t.ok(matches('tcp', fragment));
  t.notOk(matches('tcp', hopByHop));
  t.ok(matches('ip6 protochain 6', hopByHop), 'protochain walks the extension headers');
  t.ok(matches('tcp port 80', direct));
  t.notOk(matches('tcp port 80', fragment), 'ports only after the fixed header');
});

t.test('ip broadcast uses netmask 0 unless told otherwise', async (t) => {
  const subnetBcast = ethernet(
    0x0800,
    ipv4({ proto: 17, dst: [10, 0, 0, 255], payload: udp(1, 2) }),
  );
  const allOnes = ethernet(
    0x0800,
    ipv4({ proto: 17, dst: [255, 255, 255, 255], payload: udp(1, 2) }),
  );
  t.notOk(matches('ip broadcast', subnetBcast));
  t.ok(matches('ip broadcast', allOnes));
  const withMask = compileFilter('ip broadcast', ETH, { netmask: 0xffffff00 });
  t.ok(withMask.match(subnetBcast, 0, subnetBcast.length, subnetBcast.length));
});

t.test('hosts, nets and MAC addresses', async (t) => {
  t.ok(matches('host 10.0.0.1', web));
  t.ok(matches('src host 10.0.0.1 and dst net 10.0.0.0/8', web));
  t.notOk(matches('dst host 10.0.0.1', web));
  t.ok(matches('net 10', web), 'a short net number moves to the top byte');
  t.ok(matches('ether src 00:11:22:33:44:55', web));
  t.ok(matches('ether broadcast', ethernet(0x0806, arp(), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff])));
  t.ok(matches('arp host 10.0.0.2', ethernet(0x0806, arp())));
});

t.test('the matcher reads packets at an offset inside a larger buffer', async (t) => {
  const buf = Buffer.concat([Buffer.alloc(7, 0xee), web, Buffer.alloc(200, 0)]);
  const f = compileFilter('tcp[100] = 0', ETH);
  t.notOk(f.match(buf, 7, web.length, web.length), 'bytes after caplen are not read');
  t.ok(compileFilter('tcp dst port 80', ETH).match(buf, 7, web.length, web.length));
});

t.test('link-type-dependent compile errors follow libpcap', async (t) => {
  const cases: [string, number, RegExp][] = [
    ['vlan', LinkType.RAW, /^no VLAN support for Raw IP$/],
    ['ip', LinkType.DBUS, /^D-Bus link-layer type filtering not implemented$/],
    ['ip', LinkType.NFLOG, /^NFLOG link-layer type filtering not implemented$/],
    ['arp', LinkType.RAW, /^expression rejects all packets$/],
    ['ether host 00:11:22:33:44:55', LinkType.LINUX_SLL, /^ethernet addresses supported only/],
    ['inbound', ETH, /^inbound\/outbound not supported on Ethernet when reading savefiles$/],
    ['wlan type mgt', ETH, /^802.11 link-layer types supported only on 802.11$/],
    ['ip6 protochain 6', LinkType.IEEE802_11_RADIOTAP, /'protochain' not supported/],
    ['port 70000', ETH, /^illegal port number 70000 > 65535$/],
    ['net 10.0.0.1/8', ETH, /^non-network bits set in "10.0.0.1\/8"$/],
  ];
  for (const [expr, linkType, message] of cases) {
    t.throws(() => compileFilter(expr, linkType), message, `${expr} on ${linkType}`);
  }
  t.ok(
    compileFilter('ether[12:2] = 0x8100 or len <= 60', LinkType.DBUS),
    'raw loads work anywhere',
  );
});

t.test('a compile error carries the position of the primitive that failed', async (t) => {
  const err = t.throws(() =>
    compileFilter('tcp and vlan', LinkType.RAW),
  ) as unknown as FilterCompileError;
  t.type(err, FilterCompileError);
  t.equal(err.position, 8);
  t.type(
    t.throws(() => compileFilter('tcp and', ETH)),
    FilterSyntaxError,
  );
});

t.test('raw IP, loopback and SLL link types find the network header', async (t) => {
  const packet = Buffer.from(ipv4());
  t.ok(matches('tcp port 80', packet, LinkType.RAW));
  t.ok(matches('tcp port 80', packet, LinkType.IPV4));
  t.throws(() => compileFilter('ip6', LinkType.IPV4), /rejects all packets/);
  const loopback = Buffer.concat([Buffer.from([2, 0, 0, 0]), packet]);
  t.ok(matches('tcp port 80', loopback, LinkType.NULL));
  const bigEndianAf = Buffer.concat([Buffer.from([0, 0, 0, 2]), packet]);
  t.ok(matches('ip', bigEndianAf, LinkType.NULL), 'either byte order of the address family');
  const sll = Buffer.concat([
    Buffer.from([0, 4, 0, 1, 0, 6, ...new Array(8).fill(0), 8, 0]),
    packet,
  ]);
  t.ok(matches('tcp port 80 and outbound', sll, LinkType.LINUX_SLL));
  t.notOk(matches('inbound', sll, LinkType.LINUX_SLL));
});

t.test('a large expression compiled as sequential blocks agrees with its parts', async (t) => {
  const ports = Array.from({ length: 40 }, (_, i) => `port ${1000 + i}`).join(' or ');
  const hosts = Array.from({ length: 20 }, (_, i) => `host 10.0.1.${i}`).join(' or ');
  const big = compileFilter(`(${ports}) and (${hosts} or host 10.0.0.1)`, ETH);
  t.match(big.source, /if \(s === /, 'the graph is too large to unfold');
  const frames = [
    web,
    ethernet(0x0800, ipv4({ payload: tcp(1, 1003) })),
    ethernet(0x0800, ipv4({ proto: 17, payload: udp(1, 1039) })),
    ethernet(0x0800, ipv4({ proto: 17, payload: udp(1, 1040) })),
    ethernet(0x0800, ipv4({ proto: 17, src: [10, 0, 0, 7], payload: udp(1, 1039) })),
    ethernet(0x0806, arp()),
  ];
  const expected = frames.map(
    (f) => matches(`(${ports})`, f) && matches(`(${hosts} or host 10.0.0.1)`, f),
  );
  t.same(expected, [false, true, true, false, false, false]);
  t.same(
    frames.map((f) => big.match(f, 0, f.length, f.length)),
    expected,
  );
});

t.test('an empty expression accepts everything', async (t) => {
  t.ok(matches('', web));
  t.ok(matches('   ', Buffer.alloc(0)));
});

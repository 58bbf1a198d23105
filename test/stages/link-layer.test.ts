import t from 'tap';
import { PacketStatus } from '../../src/stages/packet-batch.js';
import { decodePackets } from '../helpers/decode.js';
import { ethernet, hex, ipv4, ipv6, udp, vlanTag } from '../helpers/packet-builder.js';

const udp4 = ipv4({ proto: 17, payload: udp(5353, 53, Buffer.from('hi')) });
const udp6 = ipv6({ next: 17, payload: udp(5353, 53, Buffer.from('hi')) });

/** Decodes one packet and returns its row's main columns. */
function one(data: Buffer, linkType = 1, opts = {}) {
  const { batch, reporter } = decodePackets([{ data, linkType }], opts);
  return {
    status: batch.status[0],
    l3: batch.l3Offset[0],
    version: batch.ipVersion[0],
    dport: batch.dstPort[0],
    vlan: batch.vlan[0],
    inner: batch.innerVlan[0],
    weirds: reporter.weirds,
  };
}

t.test('ethernet: an Ethernet II frame leads to IPv4 after 14 bytes', async (t) => {
  const r = one(ethernet(0x0800, udp4));
  t.match(r, { status: PacketStatus.Ok, l3: 14, version: 4, dport: 53, weirds: [] });
});

t.test('ethernet: IPv6 EtherType leads to IPv6', async (t) => {
  t.match(one(ethernet(0x86dd, udp6)), { status: PacketStatus.Ok, l3: 14, version: 6 });
});

t.test('ethernet: ARP is not IP and raises nothing', async (t) => {
  t.match(one(ethernet(0x0806, Buffer.alloc(28))), { status: PacketStatus.NotIp, weirds: [] });
});

t.test('ethernet: an 802.3 frame with plain LLC (STP) is not IP', async (t) => {
  // 802.3 length 0x0026, LLC 42 42 03 (spanning tree BPDU follows)
  const frame = Buffer.concat([hex('0180c2000000 001122334455 0026 424203'), Buffer.alloc(35)]);
  t.match(one(frame), { status: PacketStatus.NotIp, weirds: [] });
});

t.test('ethernet: 802.3 SNAP with the zero OUI and EtherType IPv4 leads to IP', async (t) => {
  const snap = hex('aaaa03 000000 0800');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(snap.length + udp4.length);
  const frame = Buffer.concat([hex('001122334455 66778899aabb'), len, snap, udp4]);
  t.match(one(frame), { status: PacketStatus.Ok, l3: 22, version: 4 });
});

t.test('ethernet: 16 bytes or fewer is a truncated frame, as in Zeek', async (t) => {
  const r = one(hex('001122334455 66778899aabb 0800 45'));
  t.equal(r.status, PacketStatus.Malformed);
  t.match(r.weirds, [{ kind: 'net', name: 'truncated_ethernet_frame', source: 'ETHERNET' }]);
});

t.test('ethernet: a type field between 1500 and 1536 is an undefined EtherType', async (t) => {
  const r = one(ethernet(0x05f0, udp4));
  t.match(r.weirds, [{ name: 'undefined_ether_type' }]);
});

t.test('vlan: an 802.1Q tag records its id and hands on its EtherType', async (t) => {
  // ... 8100 | 0064 0800 | 45 ...  (VLAN 100)
  const r = one(ethernet(0x8100, Buffer.concat([vlanTag(100, 0x0800), udp4])));
  t.match(r, { status: PacketStatus.Ok, l3: 18, vlan: 100, inner: 0 });
});

t.test('vlan: QinQ records outer and inner ids', async (t) => {
  const frame = ethernet(
    0x88a8,
    Buffer.concat([vlanTag(0x2005, 0x8100), vlanTag(7, 0x86dd), udp6]),
  );
  t.match(one(frame), { status: PacketStatus.Ok, l3: 22, vlan: 5, inner: 7, version: 6 });
});

t.test('vlan: a third tag overwrites the inner id with a weird', async (t) => {
  const tags = Buffer.concat([vlanTag(1, 0x8100), vlanTag(2, 0x8100), vlanTag(3, 0x0800)]);
  const r = one(ethernet(0x8100, Buffer.concat([tags, udp4])));
  t.match(r, { status: PacketStatus.Ok, vlan: 1, inner: 3 });
  t.match(r.weirds, [
    { name: 'triple_tagged_vlan_unsupported', addl: 'inner VLAN tag overwritten' },
  ]);
});

t.test('vlan: an 802.1ad tag inside an 802.1Q tag is not followed', async (t) => {
  const tags = Buffer.concat([vlanTag(1, 0x88a8), vlanTag(2, 0x0800)]);
  t.match(one(ethernet(0x8100, Buffer.concat([tags, udp4]))), { status: PacketStatus.NotIp });
});

t.test('vlan: a tag cut short is truncated_VLAN_header', async (t) => {
  const r = one(ethernet(0x8100, hex('0064 0800')));
  t.match(r.weirds, [{ name: 'truncated_VLAN_header', source: 'VLAN' }]);
});

t.test('mpls: labels are skipped to the bottom of stack, then IP by version nibble', async (t) => {
  // label 16 (not bottom) | label 17 (bottom of stack, S bit in byte 2)
  const labels = hex('00010040 000111ff');
  t.match(one(ethernet(0x8847, Buffer.concat([labels, udp6]))), {
    status: PacketStatus.Ok,
    l3: 22,
    version: 6,
  });
});

t.test('mpls: MPLS inside a VLAN tag', async (t) => {
  const frame = ethernet(0x8100, Buffer.concat([vlanTag(10, 0x8847), hex('000101ff'), udp4]));
  t.match(one(frame), { status: PacketStatus.Ok, l3: 22, vlan: 10, version: 4 });
});

t.test('mpls: a stack without bottom reaching the end is a truncated link header', async (t) => {
  const r = one(ethernet(0x8847, hex('00010040 00010040 00010040 00010040')));
  t.match(r.weirds, [{ name: 'truncated_link_header', source: 'MPLS' }]);
});

function pppoe(protocol: number, payload: Buffer, lengthDelta = 0): Buffer {
  // ver/type 11, code 00 (session data), session 0x0001, length, PPP protocol
  const hdr = hex('1100 0001 0000 0000');
  hdr.writeUInt16BE(payload.length + 2 + lengthDelta, 4);
  hdr.writeUInt16BE(protocol, 6);
  return Buffer.concat([hdr, payload]);
}

t.test('pppoe: a session frame with PPP IPv4 or IPv6 leads to IP', async (t) => {
  t.match(one(ethernet(0x8864, pppoe(0x0021, udp4))), { status: PacketStatus.Ok, l3: 22 });
  t.match(one(ethernet(0x8864, pppoe(0x0057, udp6))), { status: PacketStatus.Ok, version: 6 });
});

t.test('pppoe: LCP inside PPPoE is not IP', async (t) => {
  t.match(one(ethernet(0x8864, pppoe(0xc021, Buffer.alloc(10)))), { status: PacketStatus.NotIp });
});

t.test('pppoe: padding after the PPPoE payload is a weird but decodes', async (t) => {
  const r = one(ethernet(0x8864, Buffer.concat([pppoe(0x0021, udp4), Buffer.alloc(6)])));
  t.equal(r.status, PacketStatus.Ok);
  t.match(r.weirds, [{ kind: 'net', name: 'pppoe_extra_data_after_payload', source: 'PPPOE' }]);
});

t.test('pppoe: over QinQ', async (t) => {
  const tags = Buffer.concat([vlanTag(100, 0x8100), vlanTag(200, 0x8864)]);
  const r = one(ethernet(0x88a8, Buffer.concat([tags, pppoe(0x0021, udp4)])));
  t.match(r, { status: PacketStatus.Ok, l3: 30, vlan: 100, inner: 200 });
});

t.test('linux sll: the protocol field after 14 bytes names IPv4', async (t) => {
  // packet type 0000, ARPHRD 0001, addr len 0006, address (8 bytes), protocol 0800
  const sll = hex('0000 0001 0006 001122334455 0000 0800');
  t.match(one(Buffer.concat([sll, udp4]), 113), { status: PacketStatus.Ok, l3: 16 });
});

t.test('linux sll2: the protocol field comes first in a 20-byte header', async (t) => {
  // protocol 86dd, reserved, ifindex, ARPHRD, packet type, addr len, address (8 bytes)
  const sll2 = hex('86dd 0000 00000002 0001 00 06 001122334455 0000');
  t.match(one(Buffer.concat([sll2, udp6]), 276), { status: PacketStatus.Ok, l3: 20, version: 6 });
});

t.test('linux sll: ARP is not IP', async (t) => {
  const sll = hex('0000 0001 0006 001122334455 0000 0806');
  t.match(one(Buffer.concat([sll, Buffer.alloc(28)]), 113), { status: PacketStatus.NotIp });
});

t.test('null/loop: the address family is read in either byte order', async (t) => {
  t.match(one(Buffer.concat([hex('02000000'), udp4]), 0), { status: PacketStatus.Ok, l3: 4 });
  t.match(one(Buffer.concat([hex('00000002'), udp4]), 0), { status: PacketStatus.Ok, l3: 4 });
  for (const family of ['18000000', '1c000000', '1e000000', '0000001e']) {
    t.match(one(Buffer.concat([hex(family), udp6]), 0), { status: PacketStatus.Ok, version: 6 });
  }
  t.match(one(Buffer.concat([hex('00000018'), udp6]), 108), { status: PacketStatus.Ok, l3: 4 });
  t.match(one(Buffer.concat([hex('07000000'), udp4]), 0), { status: PacketStatus.NotIp });
});

t.test('raw: IP starts at the first byte for link types 101, 12, 14, 228 and 229', async (t) => {
  for (const linkType of [101, 12, 14, 228]) {
    t.match(one(udp4, linkType), { status: PacketStatus.Ok, l3: 0, version: 4 }, `${linkType}`);
  }
  t.match(one(udp6, 229), { status: PacketStatus.Ok, l3: 0, version: 6 });
});

t.test('ppp: bare PPP and HDLC-framed PPP (link type 9)', async (t) => {
  t.match(one(Buffer.concat([hex('0021'), udp4]), 9), { status: PacketStatus.Ok, l3: 2 });
  t.match(one(Buffer.concat([hex('ff03 0057'), udp6]), 9), { status: PacketStatus.Ok, l3: 4 });
  t.match(one(Buffer.concat([hex('ff03 c021'), Buffer.alloc(8)]), 9), {
    status: PacketStatus.NotIp,
  });
});

t.test('ppp serial: link type 50 always carries address, control, protocol', async (t) => {
  t.match(one(Buffer.concat([hex('ff03 0021'), udp4]), 50), { status: PacketStatus.Ok, l3: 4 });
  t.match(one(Buffer.concat([hex('ff03 0281 000111ff'), udp4]), 50), {
    status: PacketStatus.Ok,
    l3: 8,
  });
});

t.test('cisco hdlc: link type 104 carries an EtherType after address and control', async (t) => {
  t.match(one(Buffer.concat([hex('0f00 0800'), udp4]), 104), { status: PacketStatus.Ok, l3: 4 });
  t.match(one(Buffer.concat([hex('8f00 86dd'), udp6]), 104), { status: PacketStatus.Ok, l3: 4 });
});

t.test('unknown link types are counted and reported once per type', async (t) => {
  const { batch, reporter, decoder } = decodePackets([
    { data: udp4, linkType: 147 },
    { data: udp4, linkType: 147 },
    { data: udp4, linkType: 148 },
    { data: udp4, linkType: 147 },
  ]);
  t.same(Array.from(batch.status.subarray(0, 4)), [3, 3, 3, 3]);
  t.same(reporter.names(), ['unknown_link_type', 'unknown_link_type']);
  t.same(
    reporter.weirds.map((w) => w.addl),
    ['147', '148'],
  );
  t.same(
    [...decoder.unknownLinkTypeCounts],
    [
      [147, 3],
      [148, 1],
    ],
  );
});

t.test('a stack of tags beyond maxLinkHeaders is dropped with a weird', async (t) => {
  const tags = Buffer.concat(Array.from({ length: 6 }, () => vlanTag(1, 0x8100)));
  const r = one(ethernet(0x8100, Buffer.concat([tags, vlanTag(1, 0x0800), udp4])), 1, {
    maxLinkHeaders: 4,
  });
  t.equal(r.status, PacketStatus.Malformed);
  t.ok(r.weirds.some((w) => w.name === 'max_packet_analyzer_depth_exceeded'));
});

t.test('truncated link headers raise Zeek weird names', async (t) => {
  t.match(one(hex('0021'), 9).weirds, [{ name: 'truncated_ppp_header', source: 'PPP' }]);
  t.match(one(hex('ff030021'), 9).weirds, [{ name: 'truncated_ppp_hdlc_header' }]);
  t.match(one(hex('ff030021'), 50).weirds, [{ name: 'truncated_ppp_serial_header' }]);
  t.match(one(hex('02000000'), 0).weirds, [{ name: 'null_analyzer_failed', source: 'NULL' }]);
  t.match(one(Buffer.alloc(16), 113).weirds, [{ name: 'truncated_Linux_SLL_header' }]);
  t.match(one(Buffer.alloc(20), 276).weirds, [{ name: 'truncated_Linux_SLL2_header' }]);
  t.match(one(ethernet(0x8864, hex('1100 0001 0002 0021')), 1).weirds, [
    { name: 'truncated_pppoe_header', source: 'PPPOE' },
  ]);
});

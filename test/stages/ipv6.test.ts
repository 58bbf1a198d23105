import t from 'tap';
import { PacketFlag, PacketStatus } from '../../src/stages/packet-batch.js';
import { decodePackets } from '../helpers/decode.js';
import { checksumOf, hex, ipv6, ipv6Addr, tcp, udp } from '../helpers/packet-builder.js';
import type { Ipv6Extension } from '../helpers/packet-builder.js';

const segment = tcp({ sport: 40000, dport: 443, payload: Buffer.from('hello') });

/** Hop-by-hop header with one PadN option: nn 00 | 01 04 00000000 */
const hopByHop: Ipv6Extension = { type: 0, bytes: hex('00 00 01 04 00000000') };

function routing(type: number, segmentsLeft: number, address: string): Ipv6Extension {
  // nn 02 tt ss | reserved | address
  const bytes = Buffer.concat([
    hex('00 02'),
    Buffer.from([type, segmentsLeft]),
    hex('00000000'),
    ipv6Addr(address),
  ]);
  return { type: 43, bytes };
}

/** Destination options holding a PadN and a Home Address option (type 201, 16 bytes). */
function homeAddress(address: string, optionLen = 16): Ipv6Extension {
  const option = Buffer.concat([Buffer.from([201, optionLen]), ipv6Addr(address)]);
  return { type: 60, bytes: Buffer.concat([hex('00 02 01 02 0000'), option]) };
}

function decode(data: Buffer, ignoreChecksums = false) {
  return decodePackets([{ data, linkType: 101 }], { ignoreChecksums });
}

t.test('ipv6: the fixed header leads to TCP; ipLen is payload length + 40', async (t) => {
  const packet = ipv6({ next: 6, payload: segment });
  const { batch, reporter } = decode(packet);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.ipVersion[0], 6);
  t.equal(batch.ipProto[0], 6);
  t.equal(batch.ipLen[0], packet.length);
  t.equal(batch.l4Offset[0], 40);
  t.equal(batch.dstPort[0], 443);
  t.same(reporter.weirds, []);
});

t.test('ipv6: hop-by-hop, destination options and AH are walked to the transport', async (t) => {
  const ah: Ipv6Extension = { type: 51, bytes: hex('00 02 0000 00000001 00000001 00000000') };
  const dstOpts: Ipv6Extension = { type: 60, bytes: hex('00 00 01 04 00000000') };
  const packet = ipv6({ next: 17, payload: udp(1, 53), extensions: [hopByHop, dstOpts, ah] });
  const { batch, reporter } = decode(packet);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.ipProto[0], 17);
  t.equal(batch.l4Offset[0], 40 + 8 + 8 + 16);
  t.same(reporter.weirds, []);
});

t.test('ipv6: a type 2 routing header makes its address the flow destination', async (t) => {
  const finalDst = '2001:db8::99';
  const packet = ipv6({
    next: 6,
    payload: segment,
    extensions: [routing(2, 1, finalDst)],
    checksumDst: finalDst,
  });
  const { batch, reporter } = decode(packet);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.flags[0], 0, 'the TCP checksum uses the final destination');
  t.same(reporter.weirds, []);
});

t.test('ipv6: a type 0 routing header is always a weird (deprecated)', async (t) => {
  const packet = ipv6({
    next: 6,
    payload: segment,
    extensions: [routing(0, 1, '2001:db8::99')],
    checksumDst: '2001:db8::99',
  });
  const { reporter } = decode(packet);
  t.match(reporter.weirds, [
    { kind: 'flow', name: 'routing0_hdr', dst: '2001:db8::99', source: undefined },
  ]);
});

t.test('ipv6: two routing headers that both name a destination', async (t) => {
  const packet = ipv6({
    next: 6,
    payload: segment,
    extensions: [routing(2, 1, '2001:db8::98'), routing(2, 1, '2001:db8::99')],
    checksumDst: '2001:db8::98',
  });
  t.match(decode(packet).reporter.names(), ['multiple_routing_headers']);
});

t.test('ipv6: an unknown routing type is a weird naming the type', async (t) => {
  const packet = ipv6({ next: 6, payload: segment, extensions: [routing(9, 1, '2001:db8::99')] });
  t.match(decode(packet).reporter.weirds, [{ name: 'unknown_routing_type', addl: '9' }]);
});

t.test('ipv6: a Home Address option makes its address the flow source', async (t) => {
  const home = '2001:db8:ffff::7';
  const packet = ipv6({
    next: 6,
    payload: segment,
    extensions: [homeAddress(home)],
    checksumSrc: home,
  });
  const { batch, reporter } = decode(packet);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.flags[0], 0);
  t.same(reporter.weirds, []);
});

t.test('ipv6: home address checks raise Zeek weirds with the flow addresses', async (t) => {
  const twice = ipv6({
    next: 6,
    payload: segment,
    extensions: [homeAddress('2001:db8:ffff::7'), homeAddress('2001:db8:ffff::8')],
    keepTransportChecksum: true,
  });
  t.match(decode(twice, true).reporter.weirds, [
    { kind: 'flow', name: 'multiple_home_addr_opts', src: '2001:db8:ffff::7', dst: '2001:db8::2' },
  ]);

  const shortOption = ipv6({
    next: 6,
    payload: segment,
    extensions: [{ type: 60, bytes: hex('00 00 c9 04 00000000') }],
  });
  t.match(decode(shortOption).reporter.weirds, [{ name: 'bad_home_addr_len', src: '2001:db8::1' }]);
});

t.test('ipv6: an option running past its header is bad_ipv6_dest_opt_len', async (t) => {
  // nn 00 | 05 10 ... : a router alert option claiming 16 bytes inside an 8-byte header
  const packet = ipv6({
    next: 6,
    payload: segment,
    extensions: [{ type: 60, bytes: hex('00 00 05 10 00000000') }],
  });
  const { batch, reporter } = decode(packet);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.match(reporter.weirds, [{ kind: 'flow', name: 'bad_ipv6_dest_opt_len', source: undefined }]);
});

t.test('ipv6: ESP ends analysis without a weird and without a flow', async (t) => {
  const packet = ipv6({ next: 50, payload: Buffer.alloc(32, 7) });
  const { batch, reporter } = decode(packet);
  t.equal(batch.status[0], PacketStatus.Undecoded);
  t.same(reporter.weirds, []);
});

t.test('ipv6: no next header is ipv6_no_next', async (t) => {
  const { batch, reporter } = decode(ipv6({ next: 59, payload: Buffer.alloc(0) }));
  t.equal(batch.status[0], PacketStatus.Malformed);
  t.match(reporter.weirds, [{ kind: 'flow', name: 'ipv6_no_next', source: 'IP' }]);
});

/** A binding refresh request: payload proto 59, length 0 (8 bytes), type 0, checksum. */
function mobility(next = 59): Buffer {
  const mh = Buffer.from([next, 0, 0, 0, 0, 0, 0, 0]);
  const src = ipv6Addr('2001:db8::1');
  const dst = ipv6Addr('2001:db8::2');
  let pseudo = 135 + 8;
  for (let i = 0; i < 16; i += 2) pseudo += src.readUInt16BE(i) + dst.readUInt16BE(i);
  mh.writeUInt16BE(checksumOf(mh, pseudo), 4);
  return ipv6({ next: 135, payload: mh });
}

t.test('ipv6: a mobility header ends analysis; a bad checksum drops it', async (t) => {
  const good = decode(mobility());
  t.equal(good.batch.status[0], PacketStatus.Undecoded);
  t.same(good.reporter.weirds, []);

  const bad = mobility();
  bad[44] ^= 0xff;
  const dropped = decode(bad);
  t.equal(dropped.batch.status[0], PacketStatus.Malformed);
  t.match(dropped.reporter.weirds, [{ name: 'bad_MH_checksum' }]);
  t.same(decode(bad, true).reporter.weirds, []);
});

t.test('ipv6: data after a mobility header is mobility_piggyback', async (t) => {
  t.match(decode(mobility(6)).reporter.names(), ['mobility_piggyback']);
});

t.test('ipv6: fewer than 40 bytes is truncated_IP', async (t) => {
  const packet = ipv6({ next: 6, payload: segment });
  t.match(decode(packet.subarray(0, 39)).reporter.weirds, [{ kind: 'net', name: 'truncated_IP' }]);
});

t.test('ipv6: extension headers past the payload length are invalid_IP_header_size', async (t) => {
  const packet = ipv6({ next: 6, payload: segment, extensions: [hopByHop] });
  packet.writeUInt16BE(4, 4);
  const { batch, reporter } = decode(packet, true);
  t.equal(batch.status[0], PacketStatus.Malformed);
  t.match(reporter.weirds, [{ kind: 'net', name: 'invalid_IP_header_size' }]);
});

t.test('ipv6: a UDP checksum of zero is invalid, unlike IPv4', async (t) => {
  const packet = ipv6({
    next: 17,
    payload: udp(1, 53, Buffer.from('x')),
    keepTransportChecksum: true,
  });
  const { batch } = decode(packet);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.flags[0], PacketFlag.BadL4Checksum);
});

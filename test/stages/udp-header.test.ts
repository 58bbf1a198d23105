import t from 'tap';
import { PacketFlag, PacketStatus } from '../../src/stages/packet-batch.js';
import { decodePackets } from '../helpers/decode.js';
import { ipv4, ipv6, udp } from '../helpers/packet-builder.js';

function decode(data: Buffer, opts: { ignoreChecksums?: boolean; wirelen?: number } = {}) {
  return decodePackets([{ data, linkType: 101, wirelen: opts.wirelen }], opts);
}

t.test('udp: ports and payload come from the header and the IP length', async (t) => {
  const { batch } = decode(ipv4({ proto: 17, payload: udp(5353, 53, Buffer.from('query')) }));
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.srcPort[0], 5353);
  t.equal(batch.dstPort[0], 53);
  t.equal(batch.payloadOffset[0], 28);
  t.equal(batch.payloadLen[0], 5);
  t.equal(batch.payloadWireLen[0], 5);
  t.equal(batch.flags[0], 0);
});

t.test('udp: a zero checksum over IPv4 means "none" and is not checked', async (t) => {
  const packet = ipv4({
    proto: 17,
    payload: udp(1, 2, Buffer.from('x')),
    keepTransportChecksum: true,
  });
  t.equal(decode(packet).batch.flags[0], 0);
});

t.test('udp: a wrong checksum is flagged unless checksums are ignored', async (t) => {
  const packet = ipv6({ next: 17, payload: udp(1, 2, Buffer.from('abc')) });
  packet[packet.length - 1] ^= 0x40;
  t.equal(decode(packet).batch.flags[0], PacketFlag.BadL4Checksum);
  t.equal(decode(packet, { ignoreChecksums: true }).batch.flags[0], 0);
});

t.test('udp: a frame not fully captured is not checked, as in Zeek', async (t) => {
  const packet = ipv4({ proto: 17, payload: udp(1, 2, Buffer.from('abc')) });
  packet[packet.length - 1] ^= 0x40;
  t.equal(decode(packet, { wirelen: packet.length + 4 }).batch.flags[0], 0);
});

t.test('udp: a zero checksum on the VXLAN port is accepted over IPv6', async (t) => {
  const vxlan = Buffer.concat([Buffer.from([0x08, 0, 0, 0, 0, 0, 1, 0]), Buffer.alloc(60)]);
  const packet = ipv6({ next: 17, payload: udp(40000, 4789, vxlan), keepTransportChecksum: true });
  t.equal(decode(packet).batch.flags[0], 0);
});

t.test('udp: fewer than 8 bytes of IP payload is truncated_header', async (t) => {
  const { batch, reporter } = decode(ipv4({ proto: 17, payload: Buffer.alloc(4) }));
  t.equal(batch.status[0], PacketStatus.Malformed);
  t.match(reporter.weirds, [{ kind: 'flow', name: 'truncated_header', source: 'UDP' }]);
});

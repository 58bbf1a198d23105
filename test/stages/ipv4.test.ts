import t from 'tap';
import { PacketFlag, PacketStatus } from '../../src/stages/packet-batch.js';
import { decodePackets } from '../helpers/decode.js';
import { ethernet, hex, ipv4, tcp, udp } from '../helpers/packet-builder.js';

const segment = tcp({ sport: 40000, dport: 80, payload: Buffer.from('GET / HTTP/1.0\r\n\r\n') });
const packet = ipv4({ proto: 6, payload: segment });

t.test('ipv4: a valid packet fills the IP columns', async (t) => {
  const { batch, reporter } = decodePackets([ethernet(0x0800, packet)]);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.l3Offset[0], 14);
  t.equal(batch.ipVersion[0], 4);
  t.equal(batch.ipProto[0], 6);
  t.equal(batch.ipLen[0], packet.length);
  t.equal(batch.l4Offset[0], 34);
  t.same(reporter.weirds, []);
});

t.test('ipv4: Ethernet padding does not count in the IP length', async (t) => {
  const small = ipv4({ proto: 17, payload: udp(1, 2) });
  const { batch } = decodePackets([ethernet(0x0800, Buffer.concat([small, Buffer.alloc(18)]))]);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.ipLen[0], 28);
  t.equal(batch.payloadLen[0], 0);
});

t.test('ipv4: fewer than 20 bytes is truncated_IP (net weird)', async (t) => {
  const { batch, reporter } = decodePackets([{ data: packet.subarray(0, 19), linkType: 101 }]);
  t.equal(batch.status[0], PacketStatus.Malformed);
  t.match(reporter.weirds, [{ kind: 'net', name: 'truncated_IP', source: 'IP' }]);
});

t.test('ipv4: a version other than 4 or 6 is unknown_ip_version', async (t) => {
  const bad = Buffer.from(packet);
  bad[0] = 0x55;
  const { reporter } = decodePackets([{ data: bad, linkType: 101 }]);
  t.match(reporter.weirds, [{ kind: 'net', name: 'unknown_ip_version' }]);
});

t.test('ipv4: a total length beyond the wire length is truncated_IP_len', async (t) => {
  const long = Buffer.from(packet);
  long.writeUInt16BE(packet.length + 100, 2);
  const { batch, reporter } = decodePackets([{ data: long, linkType: 101 }], {
    ignoreChecksums: true,
  });
  t.equal(batch.status[0], PacketStatus.Malformed);
  t.match(reporter.weirds, [{ kind: 'net', name: 'truncated_IP_len', source: 'IP' }]);
});

t.test('ipv4: a header longer than the total length is invalid_IP_header_size', async (t) => {
  const bad = Buffer.from(packet);
  bad.writeUInt16BE(19, 2);
  const { reporter } = decodePackets([{ data: bad, linkType: 101 }], { ignoreChecksums: true });
  t.match(reporter.weirds, [{ kind: 'net', name: 'invalid_IP_header_size' }]);
});

t.test('ipv4: options cut by the snaplen are internally_truncated_header', async (t) => {
  const withOptions = ipv4({ proto: 6, payload: segment, options: Buffer.alloc(20, 1) });
  const { reporter } = decodePackets([
    { data: withOptions.subarray(0, 30), linkType: 101, wirelen: withOptions.length },
  ]);
  t.match(reporter.weirds, [{ kind: 'net', name: 'internally_truncated_header' }]);
});

t.test('ipv4: a header length below 20 is IPv4_min_header_size', async (t) => {
  const bad = Buffer.from(packet);
  bad[0] = 0x44;
  const { reporter } = decodePackets([{ data: bad, linkType: 101 }], { ignoreChecksums: true });
  t.match(reporter.weirds, [{ kind: 'net', name: 'IPv4_min_header_size' }]);
});

t.test('ipv4: a bad header checksum drops the packet with a flow weird', async (t) => {
  const bad = Buffer.from(packet);
  bad[10] ^= 0xff;
  const { batch, reporter } = decodePackets([{ data: bad, linkType: 101 }]);
  t.equal(batch.status[0], PacketStatus.Malformed);
  t.equal(batch.flags[0] & PacketFlag.BadIpChecksum, PacketFlag.BadIpChecksum);
  t.match(reporter.weirds, [
    { kind: 'flow', name: 'bad_IP_checksum', src: '10.0.0.1', dst: '10.0.0.2', source: 'IP' },
  ]);
});

t.test('ipv4: ignoreChecksums accepts a bad header checksum', async (t) => {
  const bad = Buffer.from(packet);
  bad[10] ^= 0xff;
  const { batch, reporter } = decodePackets([{ data: bad, linkType: 101 }], {
    ignoreChecksums: true,
  });
  t.equal(batch.status[0], PacketStatus.Ok);
  t.same(reporter.weirds, []);
});

t.test('ipv4: a zeroed total length (segmentation offload) is dropped unless -C', async (t) => {
  const zeroed = Buffer.from(packet);
  zeroed.writeUInt16BE(0, 2);
  const strict = decodePackets([{ data: zeroed, linkType: 101 }]);
  t.equal(strict.batch.status[0], PacketStatus.Malformed);
  t.match(strict.reporter.weirds, [{ kind: 'net', name: 'ip_hdr_len_zero' }]);

  const lax = decodePackets([{ data: zeroed, linkType: 101 }], { ignoreChecksums: true });
  t.equal(lax.batch.status[0], PacketStatus.Ok);
  t.equal(lax.batch.ipLen[0], packet.length);
  t.equal(lax.batch.payloadLen[0], segment.length - 20);
});

t.test('ipv4: a packet cut by the snaplen is flagged Truncated and still decoded', async (t) => {
  const { batch } = decodePackets([
    { data: packet.subarray(0, 50), linkType: 101, wirelen: packet.length },
  ]);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.flags[0], PacketFlag.Truncated);
  t.equal(batch.payloadLen[0], 10);
  t.equal(batch.payloadWireLen[0], segment.length - 20);
});

t.test('ipv4: IP-in-IP and GRE decode as their protocol numbers for a tunnel stage', async (t) => {
  for (const proto of [4, 41, 47]) {
    const { batch } = decodePackets([
      { data: ipv4({ proto, payload: Buffer.alloc(24) }), linkType: 101 },
    ]);
    t.equal(batch.status[0], PacketStatus.Ok);
    t.equal(batch.ipProto[0], proto);
    t.equal(batch.l4Offset[0], 20);
    t.equal(batch.payloadLen[0], 24);
  }
});

t.test('ipv4: protocol 59 (no next header) is ipv6_no_next as in Zeek', async (t) => {
  const { batch, reporter } = decodePackets([
    { data: ipv4({ proto: 59, payload: hex('00') }), linkType: 101 },
  ]);
  t.equal(batch.status[0], PacketStatus.Malformed);
  t.match(reporter.weirds, [{ kind: 'flow', name: 'ipv6_no_next' }]);
});

import t from 'tap';
import { icmpCounterpart } from '../../src/stages/icmp-header.js';
import { PacketFlag, PacketStatus } from '../../src/stages/packet-batch.js';
import { decodePackets } from '../helpers/decode.js';
import { icmp, ipv4, ipv6 } from '../helpers/packet-builder.js';

t.test('icmp: type and code fill the port columns', async (t) => {
  const { batch } = decodePackets([
    { data: ipv4({ proto: 1, payload: icmp(3, 1, Buffer.alloc(8)) }), linkType: 101 },
  ]);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.srcPort[0], 3);
  t.equal(batch.dstPort[0], 1);
  t.equal(batch.payloadLen[0], 4);
  t.equal(batch.flags[0], 0);
});

t.test('icmp: an echo request and its reply share the flow hash', async (t) => {
  const request = ipv4({ proto: 1, src: '10.0.0.1', dst: '10.0.0.2', payload: icmp(8, 0) });
  const reply = ipv4({ proto: 1, src: '10.0.0.2', dst: '10.0.0.1', payload: icmp(0, 0) });
  const { batch } = decodePackets([request, reply].map((data) => ({ data, linkType: 101 })));
  t.equal(batch.flowHash[0], batch.flowHash[1]);
});

t.test('icmp: counterparts follow Zeek; one-way types have none', async (t) => {
  t.equal(icmpCounterpart(1, 8), 0);
  t.equal(icmpCounterpart(1, 13), 14);
  t.equal(icmpCounterpart(1, 3), -1);
  t.equal(icmpCounterpart(58, 135), 136);
  t.equal(icmpCounterpart(58, 1), -1);
});

t.test('icmpv6: the checksum includes the pseudo-header', async (t) => {
  const packet = ipv6({ next: 58, payload: icmp(128, 0, Buffer.from('pingdata')) });
  const ok = decodePackets([{ data: packet, linkType: 101 }]);
  t.equal(ok.batch.flags[0], 0);

  packet[8] ^= 1;
  const bad = decodePackets([{ data: packet, linkType: 101 }]);
  t.equal(bad.batch.status[0], PacketStatus.Ok);
  t.equal(bad.batch.flags[0], PacketFlag.BadL4Checksum);
});

t.test('icmp: fewer than 8 bytes is truncated_header', async (t) => {
  const { reporter } = decodePackets([
    { data: ipv4({ proto: 1, payload: Buffer.alloc(4) }), linkType: 101 },
  ]);
  t.match(reporter.weirds, [{ kind: 'flow', name: 'truncated_header', source: 'ICMP' }]);
});

import t from 'tap';
import { PacketFlag, PacketStatus, TcpFlag } from '../../src/stages/packet-batch.js';
import { tcpHeaderWeird } from '../../src/stages/tcp-header.js';
import { decodePackets } from '../helpers/decode.js';
import { ipv4, ipv6, tcp } from '../helpers/packet-builder.js';

const payload = Buffer.from('0123456789');

function decode(data: Buffer, opts: { ignoreChecksums?: boolean; wirelen?: number } = {}) {
  return decodePackets([{ data, linkType: 101, wirelen: opts.wirelen }], opts);
}

t.test('tcp: ports, sequence numbers, flags, window and payload are filled', async (t) => {
  const seg = tcp({
    sport: 1234,
    dport: 80,
    seq: 0xfffffff0,
    ack: 77,
    flags: TcpFlag.ACK | TcpFlag.PSH,
    window: 512,
    payload,
  });
  const { batch } = decode(ipv4({ proto: 6, payload: seg }));
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.srcPort[0], 1234);
  t.equal(batch.dstPort[0], 80);
  t.equal(batch.seq[0], 0xfffffff0);
  t.equal(batch.ack[0], 77);
  t.equal(batch.tcpFlags[0], 0x18);
  t.equal(batch.window[0], 512);
  t.equal(batch.payloadOffset[0], 40);
  t.equal(batch.payloadLen[0], 10);
  t.equal(batch.payloadWireLen[0], 10);
  t.equal(batch.flags[0], 0);
});

t.test('tcp: options move the payload offset', async (t) => {
  const seg = tcp({ dataOffset: 8, payload });
  const { batch } = decode(ipv6({ next: 6, payload: seg }));
  t.equal(batch.payloadOffset[0], 40 + 32);
  t.equal(batch.payloadLen[0], 10);
});

t.test('tcp: a bad checksum is flagged, the packet stays Ok for the tracker', async (t) => {
  const packet = ipv4({ proto: 6, payload: tcp({ payload }) });
  packet[packet.length - 1] ^= 1;
  const { batch, reporter } = decode(packet);
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.flags[0], PacketFlag.BadL4Checksum);
  t.same(reporter.weirds, [], 'bad_TCP_checksum is a connection weird, raised by the tracker');
  t.equal(decode(packet, { ignoreChecksums: true }).batch.flags[0], 0);
});

t.test('tcp: the checksum is not checked when the segment was cut by the snaplen', async (t) => {
  const packet = ipv4({ proto: 6, payload: tcp({ payload }) });
  packet[packet.length - 1] ^= 1;
  const { batch } = decode(packet.subarray(0, packet.length - 4), { wirelen: packet.length });
  t.equal(batch.status[0], PacketStatus.Ok);
  t.equal(batch.flags[0], PacketFlag.Truncated);
  t.equal(batch.payloadLen[0], 6);
  t.equal(batch.payloadWireLen[0], 10);
});

t.test('tcp: an IP payload too short for a header is truncated_header', async (t) => {
  const { batch, reporter } = decode(ipv4({ proto: 6, payload: Buffer.alloc(12) }));
  t.equal(batch.status[0], PacketStatus.Malformed);
  t.match(reporter.weirds, [{ kind: 'flow', name: 'truncated_header', source: 'TCP' }]);
});

t.test('tcp: a header cut by the snaplen is internally_truncated_header', async (t) => {
  const packet = ipv4({ proto: 6, payload: tcp({ payload }) });
  const { reporter } = decode(packet.subarray(0, 30), { wirelen: packet.length });
  t.match(reporter.weirds, [{ kind: 'flow', name: 'internally_truncated_header', source: 'TCP' }]);
});

t.test(
  'tcp: a data offset below 5 keeps the ports and flags the row for the tracker',
  async (t) => {
    const { batch, reporter } = decode(
      ipv4({ proto: 6, payload: tcp({ dataOffset: 3, sport: 9, payload }) }),
    );
    t.equal(batch.status[0], PacketStatus.Ok);
    t.equal(batch.srcPort[0], 9);
    t.equal(batch.flags[0] & PacketFlag.BadL4Header, PacketFlag.BadL4Header);
    t.equal(tcpHeaderWeird(batch, 0), 'bad_TCP_header_len');
    t.same(reporter.weirds, []);
  },
);

t.test('tcp: a data offset past the segment is truncated_header for the tracker', async (t) => {
  const { batch } = decode(
    ipv4({ proto: 6, payload: tcp({ dataOffset: 15, payload }).subarray(0, 40) }),
  );
  t.equal(batch.flags[0] & PacketFlag.BadL4Header, PacketFlag.BadL4Header);
  t.equal(tcpHeaderWeird(batch, 0), 'truncated_header');
});

t.test('tcp: both directions of a connection share the flow hash', async (t) => {
  const out = ipv4({
    proto: 6,
    src: '10.1.1.1',
    dst: '192.0.2.7',
    payload: tcp({ sport: 5555, dport: 443 }),
  });
  const back = ipv4({
    proto: 6,
    src: '192.0.2.7',
    dst: '10.1.1.1',
    payload: tcp({ sport: 443, dport: 5555 }),
  });
  const other = ipv4({
    proto: 6,
    src: '10.1.1.1',
    dst: '192.0.2.7',
    payload: tcp({ sport: 5556, dport: 443 }),
  });
  const { batch } = decodePackets([out, back, other].map((data) => ({ data, linkType: 101 })));
  t.equal(batch.flowHash[0], batch.flowHash[1]);
  t.not(batch.flowHash[0], batch.flowHash[2]);
});

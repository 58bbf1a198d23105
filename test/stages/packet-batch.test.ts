import t from 'tap';

import { PacketBatch } from '../../src/stages/packet-batch.js';

t.test('keep compacts every column type in place and preserves order', async (t) => {
  const batch = new PacketBatch(6);
  for (let i = 0; i < 6; i++) {
    batch.push(i % 2, i * 100, 60 + i, 1000 + i, 1.5e9 + i, i * 1000, i < 3 ? 1 : 101, i, i + 1);
    batch.vlan[i] = 10 + i;
    batch.seq[i] = 0xfffffff0 + i;
    batch.status[i] = i;
  }
  batch.keep(Uint8Array.from([0, 1, 1, 0, 0, 1]));
  t.equal(batch.count, 3);
  t.same(Array.from(batch.frameNo.subarray(0, 3)), [2, 3, 6]);
  t.same(Array.from(batch.offset.subarray(0, 3)), [100, 200, 500]);
  t.same(Array.from(batch.buf.subarray(0, 3)), [1, 0, 1]);
  t.same(Array.from(batch.linkType.subarray(0, 3)), [1, 1, 101]);
  t.same(Array.from(batch.vlan.subarray(0, 3)), [11, 12, 15]);
  t.same(Array.from(batch.seq.subarray(0, 3)), [0xfffffff1, 0xfffffff2, 0xfffffff5]);
  t.same(Array.from(batch.tsSec.subarray(0, 3)), [1.5e9 + 1, 1.5e9 + 2, 1.5e9 + 5]);
  t.same(Array.from(batch.tunnel.subarray(0, 3)), [-1, -1, -1]);
});

t.test('keep with every packet kept or none kept', async (t) => {
  const batch = new PacketBatch(3);
  for (let i = 0; i < 3; i++) batch.push(0, i, 1, 1, 0, 0, 1, 0, i + 1);
  batch.keep(Uint8Array.from([1, 1, 1]));
  t.equal(batch.count, 3);
  batch.keep(Uint8Array.from([0, 0, 0]));
  t.equal(batch.count, 0);
});

t.test('packet batch: columns share one buffer yet never overlap', async (t) => {
  const batch = new PacketBatch(64);
  const columns = [
    batch.buf, batch.offset, batch.caplen, batch.wirelen, batch.tsSec, batch.tsNsec,
    batch.linkType, batch.ifIndex, batch.frameNo, batch.status, batch.flags, batch.l3Offset,
    batch.ipVersion, batch.ipProto, batch.ipLen, batch.l4Offset, batch.srcPort, batch.dstPort,
    batch.tcpFlags, batch.seq, batch.ack, batch.window, batch.payloadOffset, batch.payloadLen,
    batch.payloadWireLen, batch.vlan, batch.innerVlan, batch.flowHash, batch.tunnel,
  ];
  columns.forEach((col, k) => col.fill(k + 1));

  columns.forEach((col, k) => {
    t.equal(col.length, 64);
    t.ok(col.every((v) => v === k + 1), `column ${k} kept its values`);
  });
  t.equal(new Set(columns.map((c) => c.buffer)).size, 1);
});

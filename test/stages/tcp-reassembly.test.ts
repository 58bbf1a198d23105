import t from 'tap';

import { TcpReassembler, type StreamSink } from '../../src/stages/tcp-reassembly.js';

function recorder() {
  const events: string[] = [];
  const sink: StreamSink = {
    data: (c) => events.push(`data:${Buffer.from(c).toString()}`),
    gap: (seq, len) => events.push(`gap:${seq}+${len}`),
    inconsistentOverlap: (seq, len) => events.push(`overlap:${seq}+${len}`),
    limitReached: (b, l) => events.push(`limit:${b}/${l}`),
  };
  return { events, sink };
}

const bytes = (s: string) => Buffer.from(s);

t.test('reassembly: in-order segments are delivered as they come', async (t) => {
  const { events, sink } = recorder();
  const r = new TcpReassembler(sink, 1024);
  r.dataSent(1, bytes('GET '));
  r.dataSent(5, bytes('/ HTTP/1.1'));
  t.same(events, ['data:GET ', 'data:/ HTTP/1.1']);
});

t.test('reassembly: an early segment waits for the one before it', async (t) => {
  const { events, sink } = recorder();
  const r = new TcpReassembler(sink, 1024);
  r.dataSent(5, bytes('5678'));
  t.same(events, []);
  r.dataSent(1, bytes('1234'));
  t.same(events, ['data:1234', 'data:5678']);
});

t.test('reassembly: a retransmission delivers only its new bytes', async (t) => {
  const { events, sink } = recorder();
  const r = new TcpReassembler(sink, 1024);
  r.dataSent(1, bytes('abcd'));
  r.dataSent(1, bytes('abcdef'));
  t.same(events, ['data:abcd', 'data:ef']);
});

t.test('reassembly: retransmitted bytes that differ are an inconsistent overlap', async (t) => {
  const { events, sink } = recorder();
  const r = new TcpReassembler(sink, 1024);
  r.dataSent(1, bytes('abcd'));
  r.dataSent(2, bytes('Xc'));
  t.same(events, ['data:abcd', 'overlap:2+2']);
});

t.test('reassembly: an acknowledgement past missing bytes reports a gap, then goes on', async (t) => {
  const { events, sink } = recorder();
  const r = new TcpReassembler(sink, 1024);
  r.dataSent(1, bytes('ab'));
  r.dataSent(10, bytes('xyz'));
  r.ackReceived(13);
  t.same(events, ['data:ab', 'gap:3+7', 'data:xyz']);
  t.equal(r.nextSeq, 13);
});

t.test('reassembly: held bytes past the limit are dropped and reported', async (t) => {
  const { events, sink } = recorder();
  const r = new TcpReassembler(sink, 4);
  r.dataSent(10, bytes('123'));
  r.dataSent(20, bytes('45'));
  t.same(events, ['limit:5/4']);
  r.finish();
  t.same(events, ['limit:5/4'], 'nothing held is left to deliver');
});

t.test('reassembly: at the end, held bytes are delivered after the gap before them', async (t) => {
  const { events, sink } = recorder();
  const r = new TcpReassembler(sink, 1024);
  r.dataSent(4, bytes('def'));
  r.finish();
  t.same(events, ['gap:1+3', 'data:def']);
});

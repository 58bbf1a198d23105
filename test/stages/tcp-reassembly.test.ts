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

t.test('reassembly: retransmissions are compared with the last 2048 bytes', async (t) => {
  // Segments of many sizes make the remembered tail grow and wrap; every retransmission of
  // remembered bytes is compared, and bytes older than the window are not.
  const stream = Buffer.alloc(9000);
  for (let i = 0; i < stream.length; i++) stream[i] = (i * 7 + (i >> 8)) & 0xff;
  const { events, sink } = recorder();
  const overlaps = () => events.splice(0).filter((e) => !e.startsWith('data:'));
  const r = new TcpReassembler(sink, 1024);
  let at = 0;
  let size = 1;
  while (at < stream.length) {
    const piece = stream.subarray(at, Math.min(stream.length, at + size));
    r.dataSent(at + 1, piece);
    at += piece.length;
    size = (size * 5 + 3) % 1700;
    const from = Math.max(0, at - 2048);
    r.dataSent(from + 1, stream.subarray(from, at));
    t.same(overlaps(), [], 'an equal retransmission of the whole tail is consistent');
    const changed = Buffer.from(stream.subarray(from, at));
    changed[0] ^= 1;
    r.dataSent(from + 1, changed);
    t.same(overlaps(), [`overlap:${from + 1}+${at - from}`], `tail at ${at}`);
    if (from > 0) {
      const old = Buffer.from(stream.subarray(from - 1, at));
      old[0] ^= 1;
      r.dataSent(from, old);
      t.same(overlaps(), [], 'a byte older than the window is not compared');
    }
  }
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

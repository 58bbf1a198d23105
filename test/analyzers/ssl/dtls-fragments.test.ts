import t from 'tap';

import { DtlsFragmentBuffer } from '../../../src/analyzers/ssl/dtls-fragments.js';

const message = new Uint8Array([1, 2, 3, 4, 5, 6]);

function fragment(offset: number, end: number, recordSeq: number) {
  return {
    type: 11, length: message.length, messageSeq: 2, offset, recordSeq,
    data: message.subarray(offset, end),
  };
}

t.test('dtls: fragments arriving out of order are reassembled once all are in', async (t) => {
  const buf = new DtlsFragmentBuffer(1024);
  t.equal(buf.add(fragment(4, 6, 12)), undefined);
  t.equal(buf.add(fragment(0, 2, 10)), undefined);
  t.same(buf.add(fragment(2, 4, 11)), message);
});

t.test('dtls: a fragment writing past the message end is a violation', async (t) => {
  const buf = new DtlsFragmentBuffer(1024);
  const bad = { ...fragment(4, 6, 3), data: new Uint8Array(5) };
  t.match(buf.add(bad), /past end of buffer/);
});

t.test('dtls: a message over the size limit is a violation', async (t) => {
  const buf = new DtlsFragmentBuffer(4);
  t.match(buf.add(fragment(0, 2, 1)), /larger than allowed maximum/);
});

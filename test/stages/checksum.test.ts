import t from 'tap';
import {
  foldSum,
  ipv4HeaderChecksumOk,
  pseudoHeaderSum,
  sumWords,
} from '../../src/stages/checksum.js';
import { hex } from '../helpers/packet-builder.js';

/** Reference: big-endian 16-bit words, one byte at a time. */
function referenceSum(data: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += (i - start) % 2 === 0 ? data[i] << 8 : data[i];
  return foldSum(sum);
}

t.test('checksum: the RFC 1071 example sums to ddf2', async (t) => {
  // 00 01 f2 03 f4 f5 f6 f7 (RFC 1071 section 3)
  const data = hex('0001 f203 f4f5 f6f7');
  t.equal(foldSum(sumWords(data, 0, data.length, 0)), 0xddf2);
});

t.test('checksum: the word-wise path agrees with a byte loop at every alignment', async (t) => {
  const backing = Buffer.alloc(4096);
  for (let i = 0; i < backing.length; i++) backing[i] = (i * 131 + 7) & 0xff;
  for (let view = 0; view < 4; view++) {
    const data = backing.subarray(view);
    for (let start = 0; start < 8; start++) {
      for (const len of [0, 1, 63, 64, 65, 66, 67, 1460, 1461, 3000]) {
        const got = foldSum(sumWords(data, start, start + len, 0));
        if (got !== referenceSum(data, start, start + len)) {
          t.fail(`view ${view} start ${start} len ${len}`);
          return;
        }
      }
    }
  }
  t.pass('all alignments agree');
});

t.test('checksum: a real IPv4 header verifies and a flipped bit does not', async (t) => {
  // 45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7 (Wikipedia's worked example)
  const header = hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7');
  t.ok(ipv4HeaderChecksumOk(header, 0, 20));
  header[8] ^= 1;
  t.notOk(ipv4HeaderChecksumOk(header, 0, 20));
});

t.test('checksum: the pseudo-header adds addresses, protocol and length', async (t) => {
  const addrs = hex('0a000001 0a000002');
  t.equal(pseudoHeaderSum(addrs, 0, 4, 4, 6, 20), 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + 20);
});

/**
 * JA4 part a rules the vectors do not all reach: versions, counts, ALPN, the transport letter,
 * empty lists.
 */
import t from 'tap';

import type {
  HelloFields, HelloTransport,
} from '../../../src/analyzers/tls-fingerprints/hello-fields.js';
import { ja4, ja4Fingerprints } from '../../../src/analyzers/tls-fingerprints/ja4.js';

const base: HelloFields = {
  version: 0x0303, ciphers: [0x1301], extensions: [0x0000, 0x0010, 0x000d],
  supportedGroups: [], ecPointFormats: [], signatureAlgorithms: [0x0403],
  firstAlpn: Buffer.from('h2'), supportedVersions: [],
};

const partA = (h: Partial<HelloFields>, transport: HelloTransport = 'tls') =>
  ja4({ ...base, ...h }, transport).split('_')[0];

t.test('ja4: the version is the highest supported_versions entry, GREASE ignored', async (t) => {
  t.equal(partA({ extensions: [0x002b], supportedVersions: [0x3a3a, 0x0304, 0x0303] }),
    't13i0101h2');
  t.equal(partA({ supportedVersions: [0x0304] }), 't12d0103h2', 'only with the extension');
  t.equal(partA({ version: 0x0300 }), 'ts3d0103h2');
  t.equal(partA({ version: 0x1234 }), 't00d0103h2');
});

t.test('ja4: DTLS is `d` and its highest version is the smallest number', async (t) => {
  t.equal(partA({ version: 0xfefd, extensions: [0x002b], supportedVersions: [0xfefd, 0xfefc] },
    'dtls'), 'dd3i0101h2');
});

t.test('ja4: QUIC is `q`; only the letter changes, not the hashes', async (t) => {
  const tls13 = { extensions: [0x0000, 0x0010, 0x002b, 0x000d], supportedVersions: [0x0304] };
  t.equal(partA(tls13, 'quic'), 'q13d0104h2');
  const overTcp = ja4Fingerprints({ ...base, ...tls13 }, 'tls');
  const overQuic = ja4Fingerprints({ ...base, ...tls13 }, 'quic');
  for (const form of ['ja4', 'ja4_r', 'ja4_o', 'ja4_ro'] as const) {
    t.equal(overQuic[form], `q${overTcp[form].slice(1)}`, form);
  }
});

t.test('ja4: counts exclude GREASE and stop at 99', async (t) => {
  const many = Array.from({ length: 120 }, (_, i) => i + 1);
  t.equal(partA({ ciphers: [0x0a0a, ...many], extensions: [0x1a1a, 0x0000] }), 't12d9901h2');
});

t.test('ja4: ALPN gives its first and last character, or hex digits when not alphanumeric',
  async (t) => {
    t.equal(partA({ firstAlpn: Buffer.from('http/1.1') }), 't12d0103h1');
    t.equal(partA({ firstAlpn: Buffer.from('h') }), 't12d0103hh');
    t.equal(partA({ firstAlpn: Buffer.from([0xba, 0xad]) }), 't12d0103bd');
    t.equal(partA({ firstAlpn: Buffer.from([0x30, 0xab]) }), 't12d01033b');
    t.equal(partA({ firstAlpn: undefined }), 't12d010300');
  });

t.test('ja4: empty lists hash to zeros; without signature algorithms there is no `_`',
  async (t) => {
    const fp = ja4Fingerprints({
      ...base, ciphers: [], extensions: [0x0000], signatureAlgorithms: [], firstAlpn: undefined,
    }, 'tls');
    t.equal(fp.ja4, 't12d000100_000000000000_000000000000');
    t.equal(fp.ja4_r, 't12d000100__');
    t.equal(ja4Fingerprints({ ...base, signatureAlgorithms: [] }, 'tls').ja4_r,
      't12d0103h2_1301_000d');
  });

/**
 * JA4 against the FoxIO vectors (shared/vectors/ja4): every ClientHello of the 18 captures,
 * matched by 4-tuple and hello number, compared in all four forms (ja4, ja4_r, ja4_o, ja4_ro).
 * Hellos come from the SSL analyzer's events where it parses the connection, with the
 * transport ssl.log's JA4 takes (QUIC's hellos reach it from the QUIC analyzer), and the first
 * one's `ja4` must be what ssl.log holds. Many captures hold TCP connections without their
 * handshake, which the SSL analyzer (like Zeek's) leaves alone; their hellos are cut from the
 * packets instead, so the fingerprint code is still checked on them. Rows where we follow the
 * specification rather than the reference tools are listed with their reason; all else must
 * match.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

import t from 'tap';

import type { HelloFields } from '../../../src/analyzers/tls-fingerprints/hello-fields.js';
import { clientHelloFields } from '../../../src/analyzers/tls-fingerprints/hello-message-fields.js';
import type { HelloTransport } from '../../../src/analyzers/tls-fingerprints/hello-fields.js';
import { ja4Fingerprints } from '../../../src/analyzers/tls-fingerprints/ja4.js';
import { helloTransportOf } from '../../../src/analyzers/tls-fingerprints/tls-fingerprint-log.js';
import { parseClientHello } from '../../../src/analyzers/ssl/hello-messages.js';
import { sharedDir } from '../../shared-path.js';
import { rawHellos, type RawHello } from './raw-hellos.js';
import { hellosOf, reversed, tsv, type SeenHello } from './vector-files.js';

const vectors = path.join(sharedDir, 'vectors', 'ja4');

/** Why a row is not compared, or which form is expected to differ. */
interface KnownDisagreement {
  readonly capture: string;
  readonly tuple?: string;
  /** The forms that differ; all of them when the hello is not seen at all. */
  readonly forms: 'unseen' | readonly ('ja4' | 'ja4_r' | 'ja4_o' | 'ja4_ro')[];
  readonly reason: string;
}

const KNOWN: readonly KnownDisagreement[] = [
  {
    capture: 'tls-non-ascii-alpn.pcapng', forms: ['ja4', 'ja4_r', 'ja4_o', 'ja4_ro'],
    reason: 'first ALPN value 0xBA 0xAD: the JA4 spec takes the hex form\'s first and last ' +
      'digits (`bd`); the reference tools read a text rendering and print `99`',
  },
  {
    capture: 'https3-301-get.pcap', forms: ['ja4_o'],
    reason: 'SNI is the only extension: the spec hashes the original-order list `0000`; ' +
      'the Python reference prints twelve zeros',
  },
  {
    capture: 'socks-https-example.pcap', forms: ['ja4_o'],
    reason: 'the same SNI-only ClientHello as https3-301-get.pcap',
  },
];

function known(capture: string, transport: string): KnownDisagreement | undefined {
  return KNOWN.find((k) => (k.capture === capture || k.capture === '*') &&
    (k.tuple === undefined || k.tuple === transport));
}

/** The n-th ClientHello (1-based) of the connection with this client-first tuple. */
function findHello(seen: readonly SeenHello[], tuple: string, n: number): SeenHello | undefined {
  const hellos = seen.filter((h) => h.isClient &&
    (h.tuple === tuple || h.tuple === reversed(tuple)));
  return hellos[n - 1];
}

/** The n-th ClientHello of the tuple, cut from the packets. */
function findRawHello(raw: readonly RawHello[], tuple: string, n: number): RawHello | undefined {
  return raw.filter((h) => h.isClient && h.tuple === tuple)[n - 1];
}

const captures = readdirSync(vectors).filter((f) => /\.pcap(ng)?$/.test(f)).sort();
const tally = { rows: 0, matched: 0, known: 0, viaAnalyzer: 0, viaPackets: 0, quic: 0 };

/** A hello to fingerprint, and the connection the analyzer saw it on. */
interface Found {
  readonly fields: HelloFields;
  readonly transport: HelloTransport;
  readonly seen?: SeenHello;
}

/**
 * The hello's fields: from the analyzer's events, else (TCP only: the packet cutter knows no
 * QUIC or DTLS) from the packets.
 */
function helloFor(
  seen: readonly SeenHello[], raw: readonly RawHello[], tuple: string, n: number,
): Found | undefined {
  const hello = findHello(seen, tuple, n);
  if (hello !== undefined) {
    tally.viaAnalyzer++;
    return { fields: hello.fields, transport: helloTransportOf(hello.conn), seen: hello };
  }
  const bytes = findRawHello(raw, tuple, n);
  if (bytes === undefined) return undefined;
  tally.viaPackets++;
  return { fields: clientHelloFields(parseClientHello(bytes.body)), transport: 'tls' };
}

for (const capture of captures) {
  t.test(`ja4: ${capture} gives the expected fingerprint for every ClientHello`, async (t) => {
    const { hellos: seen, loggedJa4 } = await hellosOf(path.join(vectors, capture));
    const raw = rawHellos(path.join(vectors, capture));
    const rows = tsv(path.join(vectors, 'expected', `${capture}.ja4.tsv`));
    for (const row of rows) {
      tally.rows++;
      const k = known(capture, row.transport);
      if (k?.forms === 'unseen') {
        tally.known++;
        continue;
      }
      const tuple = [row.src, row.src_port, row.dst, row.dst_port].join(' ');
      const found = helloFor(seen, raw, tuple, Number(row.hello));
      if (!t.ok(found, `hello ${row.hello} of ${tuple} is seen`)) continue;
      const got = ja4Fingerprints(found!.fields, found!.transport);
      if (row.transport === 'udp' && found!.transport === 'quic') tally.quic++;
      if (found!.seen !== undefined && row.hello === '1') {
        t.equal(loggedJa4.get(found!.seen.conn.uid), got.ja4, `ssl.log ja4 of ${tuple}`);
      }
      const forms = (['ja4', 'ja4_r', 'ja4_o', 'ja4_ro'] as const).filter((f) => row[f] !== '-');
      let all = true;
      for (const form of forms) {
        const same = got[form] === row[form];
        if (k !== undefined && k.forms.includes(form)) {
          t.not(got[form], row[form], `${form} of ${tuple} differs as listed: ${k.reason}`);
        } else {
          t.equal(got[form], row[form], `${form} of ${tuple} hello ${row.hello}`);
        }
        all &&= same;
      }
      if (all) tally.matched++;
      else if (k !== undefined) tally.known++;
    }
  });
}

t.test('ja4: the vector tally adds up', async (t) => {
  t.comment(`ja4 vectors: ${tally.matched}/${tally.rows} rows match in every form; ` +
    `${tally.known} are listed disagreements; hellos from the SSL analyzer: ` +
    `${tally.viaAnalyzer}, cut from packets of connections it leaves alone: ` +
    `${tally.viaPackets}; QUIC hellos from the QUIC analyzer: ${tally.quic}`);
  t.equal(tally.rows, 211);
  // Every QUIC row of the vectors: tls-sni, tls-handshake (20 each), tls3 (7), ssh2 (2), and
  // one each in quic-tls-handshake, quic-with-several-tls-frames and
  // chrome-cloudflare-quic-with-secrets.
  t.equal(tally.quic, 51);
  t.equal(tally.matched + tally.known, tally.rows);
});

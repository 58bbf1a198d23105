/**
 * JA4 against the FoxIO vectors (shared/vectors/ja4): every ClientHello of the 18 captures,
 * matched by 4-tuple and hello number, compared in all four forms (ja4, ja4_r, ja4_o, ja4_ro).
 * Hellos come from the SSL analyzer's events where it parses the connection. Many captures
 * hold connections without their TCP handshake, which the SSL analyzer (like Zeek's) leaves
 * alone; their hellos are cut from the packets instead, so the fingerprint code is still
 * checked on them. Rows where we follow the specification rather than the reference tools,
 * and rows no analyzer of ours sees, are listed with their reason; all else must match.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

import t from 'tap';

import type { HelloFields } from '../../../src/analyzers/tls-fingerprints/hello-fields.js';
import { clientHelloFields } from '../../../src/analyzers/tls-fingerprints/hello-message-fields.js';
import { ja4Fingerprints } from '../../../src/analyzers/tls-fingerprints/ja4.js';
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
    capture: '*', tuple: 'udp', forms: 'unseen',
    reason: 'QUIC: wirelog has no QUIC analyzer, so it never decrypts a QUIC Initial',
  },
  {
    capture: 'https-connect.pcap', forms: 'unseen',
    reason: 'TLS inside an HTTP CONNECT tunnel on port 8080: the HTTP analyzer does not ' +
      'hand the tunnelled stream to the SSL analyzer',
  },
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
const tally = { rows: 0, matched: 0, known: 0, viaAnalyzer: 0, viaPackets: 0 };

/** The hello's fields: from the analyzer's events, else from the packets. */
function fieldsFor(
  seen: readonly SeenHello[], raw: readonly RawHello[], tuple: string, n: number,
): HelloFields | undefined {
  const hello = findHello(seen, tuple, n);
  if (hello !== undefined) {
    tally.viaAnalyzer++;
    return hello.fields;
  }
  const bytes = findRawHello(raw, tuple, n);
  if (bytes === undefined) return undefined;
  tally.viaPackets++;
  return clientHelloFields(parseClientHello(bytes.body));
}

for (const capture of captures) {
  t.test(`ja4: ${capture} gives the expected fingerprint for every ClientHello`, async (t) => {
    const seen = await hellosOf(path.join(vectors, capture));
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
      const fields = fieldsFor(seen, raw, tuple, Number(row.hello));
      if (!t.ok(fields, `hello ${row.hello} of ${tuple} is seen`)) continue;
      const got = ja4Fingerprints(fields!, 'tls');
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
    `${tally.viaAnalyzer}, cut from packets of connections it leaves alone: ${tally.viaPackets}`);
  t.equal(tally.rows, 211);
  t.equal(tally.matched + tally.known, tally.rows);
});

/**
 * Differential test against tcpdump 4.99.3 / libpcap 1.10.3: every expression of the shared
 * BPF oracle on every capture of the shared robustness set. Per pair the accepted packet
 * numbers must be equal; where tcpdump refused the expression we must refuse it too, except
 * that "expression rejects all packets" also agrees with compiling and accepting nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';

import { compileFilter } from '../../src/stages/bpf/index.js';
import { openCaptureFile } from '../../src/stages/capture-source.js';
import type { PacketBatch } from '../../src/stages/packet-batch.js';
import { sharedDir } from '../shared-path.js';

const ORACLE = path.join(sharedDir, 'bpf/tcpdump-4.99.3-results.tsv');
const CAPTURES = path.join(sharedDir, 'robustness/tcpdump');
const REJECTS_ALL = 'expression rejects all packets';
/** libpcap keeps the link type in the low bits of the header field, FCS flags above. */
const LINK_TYPE_MASK = 0x03ffffff;

/** Pairs where we knowingly differ, keyed `exprNo:file`, with the reason. Keep it empty. */
const KNOWN_DIVERGENCES: ReadonlyMap<string, string> = new Map();

interface OracleRow {
  readonly exprNo: string;
  readonly expression: string;
  readonly file: string;
  readonly error?: string;
  readonly accepted: string;
}

interface Capture {
  readonly linkTypes: number[];
  readonly packets: {
    buf: Buffer;
    offset: number;
    caplen: number;
    wirelen: number;
    linkType: number;
  }[];
}

function readOracle(): OracleRow[] {
  const lines = readFileSync(ORACLE, 'utf8').trimEnd().split('\n').slice(1);
  return lines.map((line) => {
    const [exprNo, expression, file, , count, accepted, stderr] = line.split('\t');
    const error = count === 'error' ? stderr.replace(/^tcpdump: /, '') : undefined;
    return { exprNo, expression, file, error, accepted: accepted ?? '' };
  });
}

async function readCapture(file: string): Promise<Capture> {
  const source = openCaptureFile(path.join(CAPTURES, file));
  const packets: Capture['packets'] = [];
  for await (const batch of source as AsyncIterable<PacketBatch>) {
    for (let i = 0; i < batch.count; i++) {
      const { buffers, buf, offset, caplen, wirelen, linkType } = batch;
      packets.push({
        buf: buffers[buf[i]],
        offset: offset[i],
        caplen: caplen[i],
        wirelen: wirelen[i],
        linkType: linkType[i],
      });
    }
  }
  const header = (source.captureInfo?.headerLinkType ?? 0) & LINK_TYPE_MASK;
  const linkTypes = packets.length > 0 ? [...new Set(packets.map((p) => p.linkType))] : [header];
  return { linkTypes, packets };
}

/** Our answer for one pair: the accepted numbers joined by commas, or the compile error. */
function run(expression: string, capture: Capture): { error?: string; accepted: string } {
  try {
    const filters = new Map(capture.linkTypes.map((lt) => [lt, compileFilter(expression, lt)]));
    const accepted: number[] = [];
    capture.packets.forEach((p, i) => {
      if (filters.get(p.linkType)?.match(p.buf, p.offset, p.caplen, p.wirelen))
        accepted.push(i + 1);
    });
    return { accepted: accepted.join(',') };
  } catch (err) {
    return { error: (err as Error).message, accepted: '' };
  }
}

function agrees(row: OracleRow, ours: { error?: string; accepted: string }): boolean {
  if (row.error === undefined) return ours.error === undefined && ours.accepted === row.accepted;
  if (ours.error !== undefined) return true;
  return row.error === REJECTS_ALL && ours.accepted === '';
}

t.test('bpf differential: every oracle expression on every shared capture', async (t) => {
  const rows = readOracle();
  const captures = new Map<string, Capture>();
  for (const file of new Set(rows.map((r) => r.file))) captures.set(file, await readCapture(file));

  let agreeing = 0;
  const unexpected: string[] = [];
  const stale: string[] = [];
  for (const row of rows) {
    const ours = run(row.expression, captures.get(row.file) as Capture);
    const key = `${row.exprNo}:${row.file}`;
    if (agrees(row, ours)) {
      agreeing++;
      if (KNOWN_DIVERGENCES.has(key)) stale.push(key);
      continue;
    }
    if (KNOWN_DIVERGENCES.has(key)) continue;
    const theirs = row.error ?? row.accepted;
    const mine = ours.error ?? ours.accepted;
    unexpected.push(
      `#${row.exprNo} ${row.expression} on ${row.file}: tcpdump ${theirs}, ours ${mine}`,
    );
  }

  const summary = `bpf differential: ${agreeing}/${rows.length} pairs agree`;
  console.log(summary);
  t.comment(summary);
  t.equal(rows.length, 4272, 'the oracle covers 89 expressions x 48 captures');
  t.same(unexpected, [], 'no disagreement outside the known divergences');
  t.same(stale, [], 'every listed divergence still differs (else remove it from the table)');
});

/**
 * The CLI on real captures: dns.log as Zeek wrote it for the conformance captures (rows
 * compared as a multiset, minus the masked ts and the random uid), and the DNS captures of
 * the robustness corpus run to the end.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { runWirelog, ZEEK_COLUMNS } from '../../cli/run-wirelog.js';
import { sharedDir } from '../../shared-path.js';

interface CaseInfo {
  readonly trace: string;
  readonly bare_mode: boolean;
  readonly zeek_flags: string[];
  readonly scripts_loaded: string[];
}

const CASES = [
  'zeek/dns-multiple-txt-strings',
  'zeek/dns-notify-default',
  'zeek/ip-ipv6-fragmented-dns',
  'zeek-default/default-wikipedia',
  'zeek-default/link-pcapng-multi-interface-default',
  'zeek-default/smtp-attachment-files',
];

/** Header lines that carry no run-dependent values, and data rows without ts and uid. */
function readDnsLog(file: string) {
  const lines = readFileSync(file, 'latin1').split('\n').filter((l) => l !== '');
  const header = lines.filter((l) => /^#(fields|types|path|separator)/.test(l));
  const rows = lines.filter((l) => !l.startsWith('#'))
    .map((l) => l.split('\t').slice(2).join('\t'));
  return { header, rows: rows.sort() };
}

async function runCase(dir: string, info: CaseInfo, out: string) {
  const args = ['-r', path.join(dir, info.trace), '-d', out, ...ZEEK_COLUMNS];
  if (info.bare_mode) args.unshift('-b');
  if (info.zeek_flags.includes('-C')) args.push('-C');
  if (info.bare_mode) args.push(...info.scripts_loaded.filter((s) => s.startsWith('base/')));
  return runWirelog(args, { timeoutMs: 120_000 });
}

for (const name of CASES) {
  t.test(`dns cli: ${name} writes Zeek's dns.log`, async (t) => {
    const dir = path.join(sharedDir, 'conformance', name);
    const info = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseInfo;
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-dns-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));

    const r = await runCase(dir, info, out);
    t.equal(r.code, 0, r.stderr);
    const expected = readDnsLog(path.join(dir, 'expected', 'dns.log'));
    const actual = readDnsLog(path.join(out, 'dns.log'));
    t.same(actual.header, expected.header, 'header lines');
    t.same(actual.rows, expected.rows, 'rows');
  });
}

const ROBUSTNESS = ['dns_fwdptr', 'dns-zlip-1', 'dns-badcookie', 'dns_tcp'];

for (const name of ROBUSTNESS) {
  t.test(`dns cli: robustness capture ${name} runs to the end`, async (t) => {
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-dns-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const file = path.join(sharedDir, 'robustness', 'tcpdump', `${name}.pcap`);
    const r = await runWirelog(['-r', file, '-d', out], { timeoutMs: 60_000 });
    t.equal(r.code, 0);
    t.notMatch(r.stderr, /Unhandled|TypeError|RangeError|analyzer_error/);

    const read = (log: string) => {
      try {
        return readFileSync(path.join(out, log), 'latin1');
      } catch {
        return '';
      }
    };
    t.notMatch(read('weird.log'), /analyzer_error/, 'no analyzer was switched off');
    if (name === 'dns_tcp') t.match(read('dns.log'), /\ttcp\t\d+\t[\d.]+\twww\.tcpdump\.org\t/);
    if (name === 'dns-zlip-1') t.match(read('weird.log'), /DNS_label_forward_compress_offset/);
    if (name === 'dns_fwdptr') t.match(read('weird.log'), /DNS_unknown_opcode/);
  });
}

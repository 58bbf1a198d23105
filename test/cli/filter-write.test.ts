/**
 * `wirelog -r FILE -f EXPR -w OUT.pcap` writes exactly what `tcpdump -r FILE -w OUT EXPR`
 * writes: the same packets in the same order, same bytes and timestamps, same file header.
 * A bad expression fails with its position; the filter in force goes to packet_filter.log, and
 * a filter that cannot be installed ends the run without a record, as Zeek's fatal error does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { repoRoot, sharedDir } from '../shared-path.js';
import { runWirelog } from './run-wirelog.js';

const hasTcpdump = (() => {
  try {
    execFileSync('tcpdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const cases: [string, string][] = [
  ['conformance/zeek/default-wikipedia/wikipedia.pcap', 'tcp port 80 or udp port 53'],
  ['conformance/zeek/l2-q-in-q/q-in-q.pcap', 'vlan and udp'],
  ['robustness/tcpdump/dns_tcp.pcap', 'tcp[tcpflags] & tcp-syn != 0'],
  ['robustness/tcpdump/ipv6-routing-header.pcap', 'ip6 and not icmp6'],
  ['robustness/tcpdump/pptp.pcap', 'not port 1723'],
  ['robustness/tcpdump/tcp-handshake-nano.pcap', 'greater 50'],
];

function tempDir(t: { teardown(f: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-filter-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

for (const [file, expr] of cases) {
  const skip = hasTcpdump ? false : 'tcpdump is not installed';
  t.test(`-f '${expr}' -w on ${path.basename(file)} writes what tcpdump writes`, { skip }, async (t) => {
    const dir = tempDir(t);
    const input = path.join(sharedDir, file);
    const ours = path.join(dir, 'ours.pcap');
    const theirs = path.join(dir, 'theirs.pcap');
    const r = await runWirelog(['-r', input, '-f', expr, '-w', ours, '-d', dir]);
    t.equal(r.code, 0, r.stderr);
    execFileSync('tcpdump', ['-r', input, '-w', theirs, expr], { stdio: 'ignore' });
    t.ok(readFileSync(ours).equals(readFileSync(theirs)), 'byte-identical pcap');
  });
}

t.test('-f with a syntax error names the column', async (t) => {
  const input = path.join(sharedDir, cases[0][0]);
  const r = await runWirelog(['-r', input, '-f', 'tcp port 80 or', '-d', tempDir(t)]);
  t.equal(r.code, 1);
  t.match(r.stderr, /wirelog: .*column 15/);
});

t.test('-f that cannot apply to the link type is refused as libpcap refuses it', async (t) => {
  const input = path.join(sharedDir, 'robustness/tcpdump/LINKTYPE_RAW_ipv6.pcap');
  const r = await runWirelog(['-r', input, '-f', 'vlan 10', '-d', tempDir(t)]);
  t.equal(r.code, 1);
  t.match(r.stderr, /wirelog: .*VLAN/);
});

t.test('the filter in force is written to packet_filter.log', async (t) => {
  const dir = tempDir(t);
  const input = path.join(sharedDir, cases[0][0]);
  const r = await runWirelog(['-r', input, '-f', 'udp', '-d', dir]);
  t.equal(r.code, 0, r.stderr);
  const log = readFileSync(path.join(dir, 'packet_filter.log'), 'utf8');
  t.match(log, /#fields\tts\tnode\tfilter\tinit\tsuccess\tfailure_reason/);
  t.match(log, /\tzeek\tudp\tT\tT\t-\n/);
});

const SAMPLE = path.join(repoRoot, 'test/fixtures/sample/sample.pcap');

// libpcap refuses the first three when compiling, the last when parsing; Zeek stops at start-up
// for either, before packet_filter.log has a record.
const refusedFilters: [string, RegExp][] = [
  ['port 99999', /illegal port number 99999 > 65535/],
  ['net 10.87.0.0/33', /mask length must be <= 32/],
  ['ip6 and udp[8:2] = 1', /expression rejects all packets/],
  ['port (', /syntax error/],
];

for (const [expr, message] of refusedFilters) {
  t.test(`-f '${expr}' is refused and never logged as installed`, async (t) => {
    const dir = tempDir(t);
    const r = await runWirelog(['-r', SAMPLE, '-f', expr, '-d', dir]);
    t.equal(r.code, 1, r.stderr);
    t.match(r.stderr, message);
    t.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line');
    t.notOk(existsSync(path.join(dir, 'packet_filter.log')), 'no packet_filter.log');
  });
}

t.test('a filter is checked against the link type of a capture without packets', async (t) => {
  const dir = tempDir(t);
  const empty = path.join(dir, 'empty.pcap');
  writeFileSync(empty, readFileSync(SAMPLE).subarray(0, 24));
  const bad = await runWirelog(['-r', empty, '-f', 'port 99999', '-d', dir]);
  t.equal(bad.code, 1, bad.stderr);
  t.notOk(existsSync(path.join(dir, 'packet_filter.log')), 'no packet_filter.log');

  const good = await runWirelog(['-r', empty, '-f', 'udp', '-d', dir]);
  t.equal(good.code, 0, good.stderr);
  t.match(readFileSync(path.join(dir, 'packet_filter.log'), 'utf8'), /\tzeek\tudp\tT\tT\t-\n/);
});

t.test('packet_filter.log is stamped with the wall clock at start-up', async (t) => {
  const dir = tempDir(t);
  const before = Date.now() / 1000;
  const r = await runWirelog(['-r', SAMPLE, '-f', 'udp', '-d', dir]);
  const after = Date.now() / 1000;
  t.equal(r.code, 0, r.stderr);
  const row = readFileSync(path.join(dir, 'packet_filter.log'), 'utf8')
    .split('\n')
    .find((line) => !line.startsWith('#'));
  const ts = Number(row?.split('\t')[0]);
  t.ok(ts >= before - 0.001 && ts <= after, `${ts} within the run`);
});

/**
 * `wirelog -r FILE -f EXPR -w OUT.pcap` writes exactly what `tcpdump -r FILE -w OUT EXPR`
 * writes: the same packets in the same order, same bytes and timestamps, same file header.
 * A bad expression fails with its position; the filter in force goes to packet_filter.log.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { sharedDir } from '../shared-path.js';
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

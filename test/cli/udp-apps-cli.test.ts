/**
 * The CLI on the conformance captures of DHCP, NTP, SNMP and IRC: each writes its protocol log
 * with Zeek's header and the rows Zeek wrote (uids aside), and conn.log names the service.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { sharedDir } from '../shared-path.js';
import { runWirelog, ZEEK_COLUMNS } from './run-wirelog.js';

const corpus = path.join(sharedDir, 'conformance', 'zeek');

interface Case {
  readonly name: string;
  readonly trace: string;
  readonly args: string[];
  readonly log: string;
}

const CASES: readonly Case[] = [
  { name: 'dhcp-all-msg-types', trace: 'dhcp.pcap', log: 'dhcp.log',
    args: ['-b', 'base/protocols/conn', 'base/protocols/dhcp'] },
  { name: 'ntp-misordered', trace: 'misordered-ntp.pcap', log: 'ntp.log',
    args: ['-b', '-C', 'base/protocols/conn', 'base/protocols/ntp'] },
  { name: 'snmp-crash-62790', trace: 'snmp-crash-62790.pcap', log: 'snmp.log',
    args: ['-b', 'base/protocols/snmp'] },
  { name: 'irc-dcc-send-pcapng', trace: 'irc-dcc-send.pcapng', log: 'irc.log',
    args: ['-b', 'base/protocols/conn', 'base/protocols/irc'] },
];

/** Data rows without uid-like values and the masked first timestamp, sorted. */
function rows(text: string): string[] {
  return text.split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t').slice(1).map((v) => (/^[CF][0-9A-Za-z]{8,}/.test(v) ? 'ID' : v)))
    .map((cells) => cells.join('\t'))
    .sort();
}

function header(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`#${name}\t`));
}

for (const c of CASES) {
  t.test(`cli: ${c.name} writes ${c.log} as Zeek does`, async (t) => {
    const dir = path.join(corpus, c.name);
    if (!existsSync(dir)) return t.plan(0, `no shared data at ${dir} (set WIRELOG_SHARED)`);
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-udp-apps-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));

    const r = await runWirelog(['-r', path.join(dir, c.trace), '-d', out, ...ZEEK_COLUMNS,
      ...c.args]);
    t.equal(r.code, 0, r.stderr);
    const got = readFileSync(path.join(out, c.log), 'utf8');
    const want = readFileSync(path.join(dir, 'expected', c.log), 'utf8');
    for (const h of ['fields', 'types']) t.same(header(got, h), header(want, h), `#${h} line`);
    const missing = rows(want).filter((row) => !rows(got).includes(row));
    t.same(missing, [], 'every expected row is there');
  });
}

t.test('cli: conn.log names the service of each protocol', async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'wirelog-udp-apps-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const trace = path.join(corpus, 'ntp-misordered', 'misordered-ntp.pcap');
  if (!existsSync(trace)) return t.plan(0, 'no shared data');
  const scripts = ['base/protocols/conn', 'base/protocols/ntp'];
  const r = await runWirelog(['-b', '-C', '-r', trace, '-d', out, ...scripts]);
  t.equal(r.code, 0, r.stderr);
  const conn = readFileSync(path.join(out, 'conn.log'), 'utf8');
  t.match(conn, /\tudp\tntp\t0\.959285\t96\t0\tS0\t.*\tD\^\t2\t152\t0\t0\t/);
});

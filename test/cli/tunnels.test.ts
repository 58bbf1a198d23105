/**
 * The CLI on real tunnel captures of the conformance corpus: tunnel.log, and conn.log rows
 * that name their tunnels, as Zeek writes them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t, { type Test } from 'tap';

import { sharedDir } from '../shared-path.js';
import { runWirelog } from './run-wirelog.js';

const corpus = path.join(sharedDir, 'conformance', 'zeek');

/** Runs wirelog on a corpus trace; returns the data rows of each log, split into cells. */
async function run(t: Teardown, trace: string, args: string[]) {
  const out = mkdtempSync(path.join(tmpdir(), 'wirelog-tunnels-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const r = await runWirelog(['-r', path.join(corpus, trace), '-d', out, ...args]);
  t.equal(r.code, 0, r.stderr);
  return (log: string): string[][] | undefined => {
    const file = path.join(out, `${log}.log`);
    if (!existsSync(file)) return undefined;
    return readFileSync(file, 'utf8').split('\n')
      .filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t'));
  };
}

/** A subtest, as the helper receives it. */
type Teardown = Test;

const UID = 1;
const TUNNEL_PARENTS = 20;

t.test('cli: GRE yields one IP tunnel that every inner connection names', async (t) => {
  const logs = await run(t, 'tunnel-gre/gre-sample.pcap',
    ['-b', 'base/frameworks/tunnels', 'base/protocols/conn']);
  const tunnels = logs('tunnel')!;
  t.same(tunnels.map((r) => r.slice(2)), [
    ['172.27.1.66', '0', '66.59.109.137', '0', 'Tunnel::GRE', 'Tunnel::DISCOVER'],
  ]);
  const conns = logs('conn')!;
  t.equal(conns.length, 7);
  for (const c of conns) t.equal(c[TUNNEL_PARENTS], tunnels[0][UID]);
});

t.test('cli: Teredo tunnels are discovered and closed with their UDP connections', async (t) => {
  const logs = await run(t, 'tunnel-teredo/Teredo.pcap',
    ['-b', 'base/frameworks/tunnels', 'base/protocols/conn']);
  const tunnels = logs('tunnel')!;
  t.equal(tunnels.filter((r) => r[7] === 'Tunnel::DISCOVER').length, 3);
  t.equal(tunnels.filter((r) => r[7] === 'Tunnel::CLOSE').length, 3);
  const conns = logs('conn')!;
  const icmp = conns.find((c) => c[2] === '2001:0:4137:9e50:8000:f12a:b9c8:2815' && c[3] === '128');
  t.equal(icmp?.[TUNNEL_PARENTS].split(',').length, 2, 'the echo went through two tunnels');
  for (const uid of tunnels.map((r) => r[UID])) {
    t.ok(conns.some((c) => c[UID] === uid && c[6] === 'udp'), `tunnel ${uid} is a UDP conn`);
  }
});

t.test('cli: VXLAN with bad outer checksums is not decapsulated unless -C', async (t) => {
  const trace = 'tunnel-vxlan-bad-outer-checksum-default/vxlan-encapsulated-igmp-v2.pcap';
  const strict = await run(t, trace, []);
  t.same(strict('conn')!.map((c) => [c[15], c[16], c[17]]), Array(3).fill(['C', '0', '0']));
  t.equal(strict('tunnel'), undefined);

  const lenient = await run(t, trace, ['-C']);
  t.same(lenient('conn')!.filter((c) => c[6] === 'udp').map((c) => [c[7], c[15], c[16]]),
    Array(3).fill(['vxlan', 'D', '1']));
});

t.test('cli: tunnel.log comes with the tunnels framework, which HTTP loads in bare mode',
  async (t) => {
    const trace = 'tunnel-ayiya/ayiya3.pcap';
    t.equal((await run(t, trace, ['-b', 'base/protocols/conn']))('tunnel'), undefined);
    t.equal((await run(t, trace, ['-b', 'base/protocols/conn', 'base/protocols/http']))('tunnel')
      ?.length, 4);
  });

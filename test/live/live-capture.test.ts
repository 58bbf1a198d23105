/**
 * Live capture end to end: wirelog runs with `-i` on one end of a veth pair between two network
 * namespaces made for the test, known UDP and TCP traffic crosses the pair, a signal stops
 * wirelog, and conn.log must describe exactly that traffic. Nothing is sent outside the
 * namespaces. Needs root and `ip netns` (as in CI); skipped otherwise.
 *
 * `-C`: veth leaves checksums to an offload that never happens, so captured checksums are
 * wrong, as on any host with checksum offloading.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { WIRELOG_BIN } from '../cli/run-wirelog.js';
import { LiveRun, readTsvLog, traffic } from './live-run.js';
import { createNamespacePair, whyNoNamespaces, type NamespacePair } from './network-namespaces.js';

const UDP_PORT = '5555';
const OTHER_UDP_PORT = '5556';
const TCP_PORT = '8080';
const DATAGRAMS = 3;
/** Bytes of "datagram-N" for N < 10. */
const DATAGRAM_BYTES = 10;

const skip = whyNoNamespaces();

/** A small ring: the test's traffic is a handful of packets, and the machine is shared. */
const CONFIG = 'live:\n  ring_buffer_bytes: 4194304\n';

interface LiveSetUp {
  readonly pair: NamespacePair;
  /** Folder for the logs and the config file. */
  readonly dir: string;
  /** wirelog arguments every run shares. */
  readonly args: string[];
}

function setUp(t: { teardown(f: () => void): void }): LiveSetUp {
  const pair = createNamespacePair();
  t.teardown(() => pair.remove());
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-live-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, 'live.yaml');
  writeFileSync(config, CONFIG);
  return { pair, dir, args: ['-C', '-d', dir, '--config', config] };
}

/** One TCP connection from the peer to the capture end: "ping" one way, "pong" back. */
async function tcpExchange(pair: NamespacePair): Promise<void> {
  const listen = ['tcp-server', pair.capture.addr, TCP_PORT];
  const server = await traffic(pair.capture, listen, 'ready');
  const serverDone = new Promise((r) => server.on('close', r));
  await traffic(pair.peer, ['tcp-client', pair.capture.addr, TCP_PORT]);
  await serverDone;
}

async function datagrams(pair: NamespacePair, port: string): Promise<void> {
  await traffic(pair.peer, ['udp', pair.capture.addr, port, String(DATAGRAMS)]);
}

function byPort(conns: Record<string, string>[], proto: string, port: string) {
  return conns.filter((c) => c.proto === proto && c['id.resp_p'] === port);
}

function sumPackets(conns: Record<string, string>[]): number {
  return conns.reduce((n, c) => n + Number(c.orig_pkts) + Number(c.resp_pkts), 0);
}

t.test('live: UDP datagrams and a TCP connection across a veth pair are logged, SIGINT ' +
  'flushes them and closes the logs', { skip }, async (t) => {
  const { pair, dir, args } = setUp(t);
  const run = await LiveRun.start(pair.capture, [...args, '-f', 'udp or tcp']);
  await datagrams(pair, UDP_PORT);
  await tcpExchange(pair);
  const result = await run.stop('SIGINT');

  t.equal(result.code, 0, result.stderr);
  t.equal(result.signal, null);
  const connLog = readFileSync(path.join(dir, 'conn.log'), 'utf8');
  t.match(connLog, /\n#close\t\d{4}-/, 'conn.log closed');
  const conns = readTsvLog(path.join(dir, 'conn.log'));
  t.equal(conns.length, 2, 'one UDP flow and one TCP connection');

  const [udp] = byPort(conns, 'udp', UDP_PORT);
  t.ok(udp, 'the UDP flow');
  t.equal(udp['id.orig_h'], pair.peer.addr);
  t.equal(udp['id.resp_h'], pair.capture.addr);
  t.equal(udp.orig_pkts, String(DATAGRAMS));
  t.equal(udp.orig_bytes, String(DATAGRAMS * DATAGRAM_BYTES));
  t.equal(udp.orig_ip_bytes, String(DATAGRAMS * (20 + 8 + DATAGRAM_BYTES)));
  t.equal(udp.resp_pkts, '0');
  t.equal(udp.conn_state, 'S0');

  const [tcp] = byPort(conns, 'tcp', TCP_PORT);
  t.ok(tcp, 'the TCP connection');
  t.equal(tcp['id.orig_h'], pair.peer.addr);
  t.equal(tcp.conn_state, 'SF', 'established and closed normally');
  t.match(tcp.history, /^ShA.*D.*d.*F/i, 'handshake, data both ways, FINs');
  t.equal(tcp.orig_bytes, '4', '"ping"');
  t.equal(tcp.resp_bytes, '4', '"pong"');
  t.ok(Number(tcp.orig_pkts) >= 4 && Number(tcp.resp_pkts) >= 3, 'every segment counted');

  t.equal(result.done?.capture.packets, sumPackets(conns), 'every packet received is in conn.log');
  t.equal(result.done?.capture.dropped, 0);
  t.ok(Number(udp.ts) > Date.now() / 1000 - 60, 'stamped with the current wall-clock time');
});

t.test('live: the filter excludes in the kernel what it should; SIGTERM stops cleanly',
  { skip }, async (t) => {
  const { pair, dir, args } = setUp(t);
  // ARP and neighbour discovery pass `not udp port ...` but make no conn.log entry.
  const filter = `(udp or tcp) and not udp port ${UDP_PORT}`;
  const run = await LiveRun.start(pair.capture, [...args, '-f', filter]);
  await datagrams(pair, UDP_PORT);
  await datagrams(pair, OTHER_UDP_PORT);
  await tcpExchange(pair);
  const result = await run.stop('SIGTERM');

  t.equal(result.code, 0, result.stderr);
  const conns = readTsvLog(path.join(dir, 'conn.log'));
  t.same(byPort(conns, 'udp', UDP_PORT), [], 'the excluded flow is absent');
  t.equal(byPort(conns, 'udp', OTHER_UDP_PORT)[0]?.orig_pkts, String(DATAGRAMS));
  t.equal(byPort(conns, 'tcp', TCP_PORT)[0]?.conn_state, 'SF');

  // Packets the kernel dropped never reach wirelog; a userland filter would have counted them.
  const received = result.done?.capture.packets ?? -1;
  t.equal(received, sumPackets(conns), 'only packets passing the filter were received');
  const filterLog = readTsvLog(path.join(dir, 'packet_filter.log'));
  t.equal(filterLog[0]?.filter, filter, 'packet_filter.log names the filter in force');
});

t.test('live: promiscuous false still sees the host\'s own traffic', { skip }, async (t) => {
  const { pair, dir, args } = setUp(t);
  const config = path.join(dir, 'live.yaml');
  writeFileSync(config, `${CONFIG}  promiscuous: false\n`);
  const run = await LiveRun.start(pair.capture, [...args, '-f', 'udp']);
  await datagrams(pair, UDP_PORT);
  const result = await run.stop();

  t.equal(result.code, 0, result.stderr);
  const restricted =
    /"kernelFilter":"\(ether host [0-9a-f:]{17} or ether multicast\) and \(udp\)"/;
  t.match(result.stderr, restricted, 'the kernel filter keeps this host\'s frames only');
  t.equal(byPort(readTsvLog(path.join(dir, 'conn.log')), 'udp', UDP_PORT)[0]?.orig_pkts,
    String(DATAGRAMS));
});

t.test('live: a filter libpcap refuses ends the run with status 1 and its reason',
  { skip }, async (t) => {
  const { pair, args } = setUp(t);
  const r = spawnSync('ip', ['netns', 'exec', pair.capture.ns, process.execPath, WIRELOG_BIN,
    '-i', pair.capture.iface, ...args, '-f', 'tcp port'], { encoding: 'utf8', timeout: 20_000 });

  t.equal(r.status, 1, r.stderr);
  t.match(r.stderr, /wirelog: cannot capture on \S+: can't parse filter expression/);
});

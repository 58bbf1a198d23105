/**
 * Tunnel decapsulation through the tracker: which connections exist at each layer, what they
 * count, their tunnel parents, tunnel.log, and the weirds of broken or too deep tunnels.
 */
import t from 'tap';

import { registerTunnel } from '../../../src/analyzers/tunnels/tunnel-log.js';
import { PacketStatus } from '../../../src/stages/packet-batch.js';
import { Encapsulation } from '../../../src/stages/tunnels/encapsulating-conn.js';
import { ethernet, hex, ipv4, ipv6, tcp, udp } from '../../helpers/packet-builder.js';
import { connBetween, runTunnels } from './tunnel-harness.js';

const IPV4 = 0x0800;
const IPV6 = 0x86dd;

function innerUdp(src = '10.0.0.1', dst = '10.0.0.2', sport = 30000, dport = 13000) {
  return ipv4({ src, dst, proto: 17, payload: udp(sport, dport, Buffer.from('hello')) });
}

/** IPv4 in IPv4 (protocol 4) between two tunnel endpoints. */
function ipInIp(outerSrc: string, outerDst: string, inner: Buffer) {
  return ethernet(IPV4, ipv4({ src: outerSrc, dst: outerDst, proto: 4, payload: inner }));
}

/** VXLAN (flags 0x08, VNI 123) on UDP port 4789, carrying an Ethernet frame. */
function vxlan(sport: number, inner: Buffer, src = '192.168.56.11', dst = '192.168.56.12') {
  const header = hex('0800 0000 0000 7b00');
  const payload = Buffer.concat([header, ethernet(IPV4, inner)]);
  return ethernet(IPV4, ipv4({ src, dst, proto: 17, payload: udp(sport, 4789, payload) }));
}

t.test('ip-in-ip: the inner connection names the tunnel as parent; the tunnel has no connection',
  async (t) => {
    const run = runTunnels([
      ipInIp('1.2.3.4', '5.6.7.8', innerUdp()),
      ipInIp('5.6.7.8', '1.2.3.4', innerUdp('10.0.0.2', '10.0.0.1', 13000, 30000)),
    ]);
    t.equal(run.conns.length, 1, 'only the inner flow is a connection');
    const inner = run.conns[0];
    t.equal(inner.origH, '10.0.0.1');
    t.equal(inner.origStats.pkts, 1);
    t.equal(inner.respStats.pkts, 1);
    t.equal(inner.tunnelParents?.length, 1, 'both directions use one tunnel');

    t.equal(run.tunnelLog.length, 1, 'IP tunnels are discovered, never closed');
    t.match(run.tunnelLog[0], {
      uid: inner.tunnelParents![0], 'id.orig_h': '1.2.3.4', 'id.orig_p': 0,
      'id.resp_h': '5.6.7.8', 'id.resp_p': 0, tunnel_type: 'Tunnel::IP',
      action: 'Tunnel::DISCOVER',
    });
  });

t.test('ip-in-ip: IPv6 in IPv4 and IPv4 in IPv6 are followed by the version nibble', async (t) => {
  const v6inner = ipv6({ src: 'dead::beef', dst: 'cafe::babe', next: 17, payload: udp(1, 2) });
  const run = runTunnels([
    ethernet(IPV4, ipv4({ src: '1.2.3.4', dst: '5.6.7.8', proto: 41, payload: v6inner })),
    ethernet(IPV6, ipv6({ src: '2002::1', dst: '2001::2', next: 4, payload: innerUdp() })),
  ]);
  t.same(run.conns.map((c) => c.origH).sort(), ['10.0.0.1', 'dead::beef']);
  t.equal(run.tunnelLog.length, 2);
});

t.test('vxlan: the outer UDP connection counts every packet and carries the inner one',
  async (t) => {
    const syn = ipv4({ proto: 6, payload: tcp({ flags: 0x02, seq: 100 }) });
    const synAck = ipv4({ src: '10.0.0.2', dst: '10.0.0.1', proto: 6,
      payload: tcp({ sport: 80, dport: 40000, flags: 0x12, seq: 500, ack: 101 }) });
    const run = runTunnels([vxlan(40000, syn), vxlan(40000, synAck)]);

    const outer = connBetween(run, '192.168.56.11', '192.168.56.12')!;
    const inner = connBetween(run, '10.0.0.1', '10.0.0.2')!;
    t.equal(outer.proto, 'udp');
    t.equal(outer.origStats.pkts, 2, 'both tunnelled packets count for the outer connection');
    t.same(outer.services, ['vxlan']);
    t.same(inner.tunnelParents, [outer.uid]);
    t.equal(inner.history, 'Sh');

    t.same(run.tunnelLog.map((r) => [r.uid, r.tunnel_type, r.action]), [
      [outer.uid, 'Tunnel::VXLAN', 'Tunnel::DISCOVER'],
      [outer.uid, 'Tunnel::VXLAN', 'Tunnel::CLOSE'],
    ]);
  });

t.test('vxlan: the row ends describing the innermost packet within the whole frame',
  async (t) => {
    const frame = vxlan(40000, innerUdp());
    const run = runTunnels([frame]);
    const b = run.batch;
    t.equal(b.offset[0], 0, 'the row still spans the whole frame');
    t.equal(b.caplen[0], frame.length);
    t.equal(b.l3Offset[0], 14 + 20 + 8 + 8 + 14, 'the IP header inside the VXLAN frame');
    t.equal(b.srcPort[0], 30000);
    t.ok(b.tunnel[0] >= 0);
    const chain = b.tunnels[b.tunnel[0]] as Encapsulation;
    t.equal(chain.depth, 1);
    t.equal(chain.last.type, 'VXLAN');
  });

t.test('a bad outer UDP checksum stops decapsulation and counts no packet, as in Zeek',
  async (t) => {
    const frame = vxlan(40000, innerUdp());
    frame.writeUInt16BE(frame.readUInt16BE(14 + 20 + 6) ^ 0xffff, 14 + 20 + 6);
    const run = runTunnels([frame]);
    t.equal(run.conns.length, 1);
    t.equal(run.conns[0].history, 'C');
    t.equal(run.conns[0].origStats.pkts, 0);
    t.equal(run.tunnelLog.length, 0);

    const ignoring = runTunnels([frame], { ignoreChecksums: true });
    t.equal(ignoring.conns.length, 2, 'with -C the inner packet is followed');
  });

t.test('max depth: a tunnel nested deeper than allowed is not entered', async (t) => {
  const nested = ipInIp('1.1.1.1', '2.2.2.2',
    ipv4({ src: '3.3.3.3', dst: '4.4.4.4', proto: 4, payload: innerUdp() }));
  const deep = runTunnels([nested], { tunnels: { maxDepth: 1 } });
  t.equal(deep.conns.length, 0);
  t.match(deep.weirds, [{
    name: 'exceeded_tunnel_max_depth_in_tunnel', source: 'IPTUNNEL',
    origH: '3.3.3.3', respH: '4.4.4.4',
  }]);
  t.equal(runTunnels([nested]).conns.length, 1, 'the default depth allows it');

  const vxlanInVxlan = vxlan(40000, ipv4({ src: '2.2.2.2', dst: '2.2.2.9', proto: 17,
    payload: udp(41000, 4789, Buffer.concat([hex('0800 0000 0000 7b00'),
      ethernet(IPV4, innerUdp())])) }));
  const limited = runTunnels([vxlanInVxlan], { tunnels: { maxDepth: 1 } });
  const carrier = connBetween(limited, '2.2.2.2', '2.2.2.9')!;
  t.equal(carrier.history, 'DX', 'the carrying connection records the limit');
  t.match(limited.weirds, [{ name: 'exceeded_tunnel_max_depth_in_tunnel', source: 'VXLAN' }]);
  t.notOk(connBetween(limited, '10.0.0.1', '10.0.0.2'));
});

t.test('tunnel_changed: a flow moving to another tunnel keeps both parents', async (t) => {
  const run = runTunnels([
    ipInIp('1.2.3.4', '5.6.7.8', innerUdp()),
    ipInIp('1.2.3.4', '9.9.9.9', innerUdp()),
    ipInIp('1.2.3.4', '9.9.9.9', innerUdp()),
  ]);
  const inner = run.conns[0];
  t.equal(inner.tunnelParents?.length, 2);
  t.same(run.changes, [{ uid: inner.uid, chain: [inner.tunnelParents![1]] }]);
  t.equal(run.tunnelLog.length, 2, 'the new tunnel is discovered through the change');
});

t.test('tunnel changes past the limit are a weird and history X', async (t) => {
  const packets = [0, 1, 2, 3].map((k) => ipInIp('1.2.3.4', k % 2 ? '9.9.9.9' : '5.6.7.8',
    innerUdp()));
  const run = runTunnels(packets, { tunnels: { maxChangesPerConnection: 1 } });
  t.equal(run.changes.length, 1);
  t.match(run.weirds, [{ name: 'tunnel_max_changes_per_connection_exceeded', addl: '1' }]);
  t.match(run.conns[0].history, /X/);
});

t.test('malformed GRE is a weird about the outer packet; nothing inside is tracked',
  async (t) => {
    const gre = (header: string) => ethernet(IPV4, ipv4({ src: '1.1.1.1', dst: '2.2.2.2',
      proto: 47, payload: Buffer.concat([hex(header), innerUdp()]) }));
    const run = runTunnels([gre('4000 0800 0000 0000'), gre('0003 0800')]);
    t.equal(run.conns.length, 0);
    t.match(run.weirds, [
      { name: 'gre_routing', source: 'GRE', origH: '1.1.1.1' },
      { name: 'unknown_gre_version', source: 'GRE', addl: 'version=3' },
    ]);

    const ok = runTunnels([gre('0000 0800')]);
    t.equal(ok.conns.length, 1);
    t.equal(ok.tunnelLog[0].tunnel_type, 'Tunnel::GRE');
  });

t.test('weirds of packets inside a tunnel end in _in_tunnel', async (t) => {
  const inner = innerUdp();
  inner.writeUInt16BE(inner.length + 10, 2);
  const run = runTunnels([ipInIp('1.1.1.1', '2.2.2.2', inner)], { ignoreChecksums: true });
  t.equal(run.conns.length, 0);
  t.match(run.weirds, [{ name: 'truncated_IP_len_in_tunnel', source: 'IP' }]);
});

t.test('fragments inside a tunnel are reassembled before the inner flow is tracked',
  async (t) => {
    const whole = udp(30000, 13000, Buffer.alloc(40, 0x61));
    const src = '10.0.0.1';
    const dst = '10.0.0.2';
    const full = ipv4({ src, dst, proto: 17, payload: whole });
    const datagram = full.subarray(20);
    const first = ipv4({ src, dst, proto: 17, payload: datagram.subarray(0, 24), id: 7,
      moreFragments: true, keepTransportChecksum: true });
    const second = ipv4({ src, dst, proto: 17, payload: datagram.subarray(24), id: 7,
      fragOffset: 24, keepTransportChecksum: true });
    const run = runTunnels([ipInIp('1.1.1.1', '2.2.2.2', first),
      ipInIp('1.1.1.1', '2.2.2.2', second)]);
    t.equal(run.batch.status[0], PacketStatus.FragmentHeld);
    t.equal(run.conns.length, 1);
    t.equal(run.conns[0].origStats.payloadBytes, 40);
    t.equal(run.conns[0].tunnelParents?.length, 1);
  });

t.test('teredo: confirmed (service teredo) only once both sides sent valid Teredo', async (t) => {
  const v6 = (src: string, dst: string) => ipv6({ src, dst, next: 17, payload: udp(1, 2) });
  const teredo = (src: string, dst: string, sport: number, dport: number, inner: Buffer) =>
    ethernet(IPV4, ipv4({ src, dst, proto: 17, payload: udp(sport, dport, inner) }));
  const request = teredo('192.168.2.16', '65.55.158.80', 3797, 3544,
    v6('2001:0:4137:9e50::1', '2001:4860::68'));
  const reply = teredo('65.55.158.80', '192.168.2.16', 3544, 3797,
    v6('2001:4860::68', '2001:0:4137:9e50::1'));

  const oneSided = runTunnels([request]);
  t.same(connBetween(oneSided, '192.168.2.16', '65.55.158.80')!.services, []);
  const both = runTunnels([request, reply]);
  const outer = connBetween(both, '192.168.2.16', '65.55.158.80')!;
  t.same(outer.services, ['teredo']);
  t.same(connBetween(both, '2001:0:4137:9e50::1', '2001:4860::68')!.tunnelParents, [outer.uid]);
});

t.test('registerTunnel: a proxy tunnel is logged once, without uid or originator port',
  async (t) => {
    const run = runTunnels([ethernet(IPV4, ipv4({ proto: 6, payload: tcp({ dport: 8080 }) }))]);
    const conn = run.conns[0];
    registerTunnel(run.events, conn, 'HTTP');
    registerTunnel(run.events, conn, 'HTTP');
    t.equal(run.tunnelLog.length, 1);
    t.match(run.tunnelLog[0], {
      uid: undefined, 'id.orig_h': '10.0.0.1', 'id.orig_p': 0, 'id.resp_p': 8080,
      tunnel_type: 'Tunnel::HTTP', action: 'Tunnel::DISCOVER',
    });
  });

/**
 * Where tcpdump is installed, compares our filter with `tcpdump -r FILE -w - -- EXPR` on a few
 * shared captures, for expressions beyond the stored oracle (directions, port ranges, byte
 * arithmetic, vlan/mpls/pppoes/geneve shifts, 802.11 addresses). Skipped without tcpdump.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import t from 'tap';

import { compileFilter } from '../../src/stages/bpf/index.js';
import { openCaptureFile } from '../../src/stages/capture-source.js';
import type { PacketBatch } from '../../src/stages/packet-batch.js';
import { sharedDir } from '../shared-path.js';

const CAPTURES = [
  'dns_tcp.pcap',
  'erspan-type-ii-3.pcap',
  'ipv6-routing-header.pcap',
  'ieee802.11_exthdr.pcap',
  'HDLC.pcap',
  'tcp-handshake-nano.pcap',
  'ipv4_tcp_http_xml.pcap',
  'quic_handshake_truncated.pcap',
];

const EXPRESSIONS = [
  'vlan 1',
  'vlan 865 and ip6',
  'not vlan',
  'vlan or ip',
  'vlan and vlan',
  'ether proto 0x42',
  'ether proto \\arp',
  'src port 53',
  'dst portrange 1000-2000',
  'tcp src or dst port 22',
  'src and dst port 53',
  'ip proto \\udp',
  'ip6 proto 17',
  'udp[8:2] = 0',
  'arp[7] = 2',
  'link[12:2] = 0x800',
  'tcp[tcpflags] = tcp-ack',
  'len > 100 and len < 200',
  'ip[2:2] - 20 > 100',
  'ip[0] % 3 = 0',
  'ip[0] / ip[1] > 0',
  'ip6 multicast',
  'multicast',
  'broadcast',
  'net 10.0.0.0 mask 255.0.0.0',
  'src net 192.168.1.0/24',
  'net fe80::/10',
  'ip6 dst host ff02::1',
  'tcp port (22 or 80)',
  'port 22 or 53 or 80',
  'mpls 0',
  'pppoes 1 and udp',
  'geneve and ip',
  'ip protochain 6',
  'protochain 17',
  'icmp6[0] = 135',
  'wlan type data',
  'wlan subtype probe-req',
  'wlan dir fromds',
  'wlan host ff:ff:ff:ff:ff:ff',
  'ether dst 01:80:c2:00:00:00',
  'tcp[12] >> 4 > 5',
  'ip[ip[0] & 0xf] = 0',
  'ip[100:4] = 0',
  'not ether[200] = 0',
  'esp or ah or pim',
  'tcp[100] = 0 or ip',
  'not arp or tcp port 80 or not udp',
  'less 100 and ip proto 47 or net 192.168 or not udp',
  'not not mpls or len > 60 or src net 10.0.0.0/8',
  '((udp)) or not udp[4:2] < 100',
  'tcp and not port 22 and not 80',
];

interface Packets {
  readonly frames: { data: Buffer; wirelen: number; linkType: number }[];
}

async function readPackets(source: ReturnType<typeof openCaptureFile>): Promise<Packets> {
  const frames: Packets['frames'] = [];
  for await (const batch of source as AsyncIterable<PacketBatch>) {
    for (let i = 0; i < batch.count; i++) {
      frames.push({
        data: Buffer.from(batch.bytes(i)),
        wirelen: batch.wirelen[i],
        linkType: batch.linkType[i],
      });
    }
  }
  return { frames };
}

/** tcpdump's accepted packet numbers (matched back by wire length and bytes), or its error. */
async function tcpdump(file: string, expr: string, input: Packets): Promise<string> {
  const run = spawnSync('tcpdump', ['-r', file, '-w', '-', '--', expr], { maxBuffer: 1 << 26 });
  if (run.status !== 0) return `error: ${run.stderr.toString().trim()}`;
  const out = await readPackets(openCaptureFile('-', { stdin: Readable.from([run.stdout]) }));
  const accepted: number[] = [];
  let j = 0;
  input.frames.forEach((p, i) => {
    const o = out.frames[j];
    if (
      o !== undefined &&
      o.wirelen === p.wirelen &&
      p.data.subarray(0, o.data.length).equals(o.data)
    ) {
      accepted.push(i + 1);
      j++;
    }
  });
  return accepted.join(',');
}

function ours(expr: string, input: Packets, linkType: number): string {
  try {
    const f = compileFilter(expr, linkType);
    const accepted = input.frames.flatMap((p, i) =>
      f.match(p.data, 0, p.data.length, p.wirelen) ? [i + 1] : [],
    );
    return accepted.join(',');
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

function same(theirs: string, mine: string): boolean {
  if (theirs === mine) return true;
  if (theirs.startsWith('error') && mine.startsWith('error')) return true;
  const rejectsAll = (s: string): boolean => s.includes('rejects all packets');
  return (rejectsAll(theirs) && mine === '') || (rejectsAll(mine) && theirs === '');
}

const available = spawnSync('tcpdump', ['--version']).status === 0;

t.test(
  'live tcpdump agrees with our filter beyond the stored oracle',
  { skip: !available && 'tcpdump is not installed' },
  async (t) => {
    const disagreements: string[] = [];
    let matchedSome = 0;
    for (const name of CAPTURES) {
      const file = path.join(sharedDir, 'robustness/tcpdump', name);
      const input = await readPackets(openCaptureFile(file));
      const linkType = input.frames[0].linkType;
      for (const expr of EXPRESSIONS) {
        const theirs = await tcpdump(file, expr, input);
        const mine = ours(expr, input, linkType);
        if (/^\d/.test(theirs)) matchedSome++;
        if (!same(theirs, mine))
          disagreements.push(`${expr} on ${name}: tcpdump ${theirs}, ours ${mine}`);
      }
    }
    t.same(disagreements, []);
    t.ok(matchedSome > 30, `tcpdump accepted packets in ${matchedSome} pairs (the harness works)`);
  },
);

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import t from 'tap';
import type { Test } from 'tap';
import { OutputError } from '../../src/sinks/output-error.js';
import { openCaptureFile } from '../../src/stages/capture-source.js';
import type { PacketBatch } from '../../src/stages/packet-batch.js';
import { createPcapTee, createPcapWriter } from '../../src/stages/pcap-writer.js';
import { sharedDir } from '../shared-path.js';
import { epb, idb, pcapFile, shb } from './capture-bytes.js';


function tempDir(t: Test): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-writer-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Reads `input` through our source and writes it with our writer; returns the bytes. */
async function rewrite(input: string, out: string): Promise<Buffer> {
  const source = openCaptureFile(input);
  await pipeline(source, createPcapWriter(out, { from: source }));
  return readFileSync(out);
}

const A = Buffer.from('0102030405', 'hex');

t.test('writer: a nanosecond pcap becomes microseconds, bytes and wire length kept', async (t) => {
  const dir = tempDir(t);
  const input = path.join(dir, 'in.pcap');
  writeFileSync(input, pcapFile({ nano: true, linkType: 113, snaplen: 9000 }, [
    { sec: 1418145369, frac: 924505488, data: A, wirelen: 60 },
  ]));

  const out = await rewrite(input, path.join(dir, 'out.pcap'));
  t.equal(out.toString('hex'), [
    'd4c3b2a1', '0200', '0400', '00000000', '00000000', '28230000', '71000000', // header
    '592e8754', '591b0e00', '05000000', '3c000000', '0102030405', // usec 924505 (truncated)
  ].join(''));
});

t.test('writer: a pcapng gets its first interface in the header, seconds past 2106 wrap',
  async (t) => {
    const dir = tempDir(t);
    const input = path.join(dir, 'in.pcapng');
    writeFileSync(input, Buffer.concat([
      shb(), idb(101, 1500, { tsresol: 9 }),
      epb(0, 4323283200n * 1_000_000_000n + 1_999n, A),
    ]));

    const out = await rewrite(input, path.join(dir, 'out.pcap'));
    t.equal(out.readUInt32LE(16), 1500, 'snaplen');
    t.equal(out.readUInt32LE(20), 101, 'link type');
    t.equal(out.readUInt32LE(24), 4323283200 % 2 ** 32, 'seconds modulo 2^32, as libpcap');
    t.equal(out.readUInt32LE(28), 1, 'microseconds truncated from 1999 ns');
  });

t.test('writer: an input without packets gives the 24-byte header of the source', async (t) => {
  const dir = tempDir(t);
  const input = path.join(dir, 'empty.pcap');
  writeFileSync(input, pcapFile({ linkType: 0x04000001, snaplen: 53 }, []));

  const out = await rewrite(input, path.join(dir, 'out.pcap'));
  t.equal(out.length, 24);
  t.equal(out.readUInt32LE(16), 53);
  t.equal(out.readUInt32LE(20), 0x04000001, 'the FCS bits are written back, as libpcap does');
});

t.test('writer: explicit options override the source; a given Writable can stay open',
  async (t) => {
    const dir = tempDir(t);
    const input = path.join(dir, 'in.pcap');
    writeFileSync(input, pcapFile({}, [{ sec: 1, frac: 2, data: A }]));

    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => { chunks.push(c); cb(); } });
    await pipeline(openCaptureFile(input),
      createPcapWriter(sink, { linkType: 228, snaplen: 100, end: false }));
    t.equal(sink.writableEnded, false);
    const out = Buffer.concat(chunks);
    t.equal(out.readUInt32LE(20), 228);
    t.equal(out.readUInt32LE(16), 100);
    t.equal(out.length, 24 + 16 + 5);
  });

t.test('tee: batches pass through unchanged while the pcap is written', async (t) => {
  const dir = tempDir(t);
  const input = path.join(dir, 'in.pcap');
  const bytes = pcapFile({}, [{ sec: 1, frac: 2, data: A }, { sec: 3, frac: 4, data: A }]);
  writeFileSync(input, bytes);

  const seen: number[] = [];
  const source = openCaptureFile(input);
  const counter = new Writable({
    objectMode: true,
    write: (b: PacketBatch, _e, cb) => { seen.push(b.count); cb(); },
  });
  await pipeline(source, createPcapTee(path.join(dir, 'out.pcap'), { from: source }), counter);
  t.same(seen, [2]);
  t.ok(readFileSync(path.join(dir, 'out.pcap')).equals(bytes), 'identical to the input');
});

t.test('writer: a destination error fails the writer', async (t) => {
  const broken = new PassThrough();
  const writer = createPcapWriter(broken);
  broken.destroy(new Error('disk full'));
  await t.rejects(new Promise((_, reject) => writer.on('error', reject)), /disk full/);
});

t.test('writer: a file that cannot be created fails at once, naming it', async (t) => {
  const out = path.join(tempDir(t), 'missing', 'out.pcap');
  t.throws(() => createPcapTee(out), {
    constructor: OutputError,
    path: out,
    message: `cannot create ${out}: no such file or directory (ENOENT)`,
  });
  t.notOk(existsSync(out));
});

const noDevFull = existsSync('/dev/full') ? false : 'no /dev/full';
t.test('writer: a write error is an OutputError naming the file', { skip: noDevFull }, async (t) => {
  const dir = tempDir(t);
  const input = path.join(dir, 'in.pcap');
  writeFileSync(input, pcapFile({}, [{ sec: 1, frac: 0, data: A }]));
  const source = openCaptureFile(input);
  await t.rejects(pipeline(source, createPcapWriter('/dev/full', { from: source })), {
    constructor: OutputError,
    message: 'cannot write /dev/full: no space left on device (ENOSPC)',
  });
});

function hasTcpdump(): boolean {
  try {
    execFileSync('tcpdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

t.test('writer: output equals `tcpdump -r IN -w OUT` byte for byte', async (t) => {
  const dir = path.join(sharedDir, 'robustness/tcpdump');
  if (!hasTcpdump()) return t.plan(0, 'tcpdump is not installed (apt-get install -y tcpdump)');
  if (!existsSync(dir)) return t.plan(0, `no shared data at ${dir} (set WIRELOG_SHARED)`);

  const cases = [
    'pptp.pcap', // big-endian
    'tcp-handshake-nano.pcap', // nanoseconds truncated to microseconds
    'bootp_asan.pcap', // FCS bits in the link-type field, record cut to the snaplen
    'ppp_ip_udp_dns.pcap', // snaplen above 262144 kept
    'vsock-1.pcapng', // pcapng with nanosecond interface and a statistics block
    'time_2107.pcapng', // seconds beyond 32 bits
    'msnlb2.pcapng', // snaplen 20
    'empty.pcapng', // no packets
  ];
  const out = tempDir(t);
  for (const name of cases) {
    const theirs = path.join(out, `${name}.tcpdump`);
    execFileSync('tcpdump', ['-r', path.join(dir, name), '-w', theirs], { stdio: 'ignore' });
    const ours = await rewrite(path.join(dir, name), path.join(out, `${name}.ours`));
    t.ok(ours.equals(readFileSync(theirs)), name);
  }
});

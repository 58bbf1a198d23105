/**
 * Property test over the whole pipeline with every analyzer loaded: real packets of protocol
 * traffic with mutated payload bytes, written to a capture and run as a user would. No input
 * may make the run fail; every packet is accounted for.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import fc from 'fast-check';
import t from 'tap';

import { loadConfig } from '../../src/config/config.js';
import { runPipeline } from '../../src/pipeline.js';
import { ScriptSelection } from '../../src/script-selection.js';
import { openCaptureFile } from '../../src/stages/capture-source.js';
import type { PacketBatch } from '../../src/stages/packet-batch.js';
import { sharedDir } from '../shared-path.js';

/** Captures whose packets carry application payloads of every analyzed protocol. */
const SEED_CASES = [
  'default-wikipedia', 'http-09-and-invalid', 'smtp-starttls', 'ssl-ecdhe', 'ssl-dtls10',
  'ssh-pre-banner-default', 'ftp-long-commands-weird', 'dhcp-all-msg-types', 'ntp-basic',
  'snmp-crash-62790', 'irc-dcc-send-pcapng', 'dns-notify-default', 'tunnel-teredo',
];
const ETHERNET = 1;
const PER_CASE = 60;

async function seeds(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const name of SEED_CASES) {
    const dir = path.join(sharedDir, 'conformance', 'zeek', name);
    const trace = readdirSync(dir).find((f) => /\.pcap(ng)?$/.test(f))!;
    let taken = 0;
    for await (const b of openCaptureFile(path.join(dir, trace))) {
      const batch = b as PacketBatch;
      for (let i = 0; i < batch.count && taken < PER_CASE; i++, taken++) {
        if (batch.linkType[i] === ETHERNET) out.push(Buffer.from(batch.bytes(i)));
      }
    }
  }
  return out;
}

/** A classic microsecond pcap of Ethernet frames, one per 10 ms. */
function pcapOf(frames: readonly Buffer[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(ETHERNET, 20);
  const records = frames.map((f, k) => {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(1_600_000_000 + Math.floor(k / 100), 0);
    rec.writeUInt32LE((k % 100) * 10_000, 4);
    rec.writeUInt32LE(f.length, 8);
    rec.writeUInt32LE(f.length, 12);
    return Buffer.concat([rec, f]);
  });
  return Buffer.concat([header, ...records]);
}

t.test('every analyzer survives mutated payloads of real traffic', async (t) => {
  const frames = await seeds();
  t.ok(frames.length > 300, `${frames.length} seed frames`);
  const work = mkdtempSync(path.join(tmpdir(), 'wirelog-analyzer-fuzz-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));

  const mutation = fc.record({
    pick: fc.nat(), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }),
  });
  await fc.assert(fc.asyncProperty(
    fc.array(mutation, { minLength: 20, maxLength: 120 }),
    async (muts) => {
      const mutated = muts.map((m) => {
        const f = Buffer.from(frames[m.pick % frames.length]);
        // Past the link, IP and most transport headers: aim at what the analyzers parse.
        if (f.length > 60) f[60 + (m.at % (f.length - 60))] = m.value;
        return f;
      });
      const capture = path.join(work, 'mutated.pcap');
      writeFileSync(capture, pcapOf(mutated));
      const config = loadConfig();
      config.logs.dir = path.join(work, 'logs');
      config.decoder.ignore_checksums = true;
      const summary = await runPipeline({
        readPath: capture, config, scripts: new ScriptSelection(false, []),
      });
      return summary.packets === mutated.length;
    },
  ), { numRuns: 40, seed: 2024 });
});

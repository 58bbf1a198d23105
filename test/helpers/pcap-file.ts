/**
 * Pcap files for tests: Ethernet frames in a classic pcap (microsecond timestamps), and a
 * pipeline run over one that keeps every log record in memory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { WirelogConfig } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/config.js';
import type { LogRecord } from '../../src/logging/log-stream.js';
import { runPipeline } from '../../src/pipeline.js';
import { ScriptSelection } from '../../src/script-selection.js';

const EPOCH = 1_700_000_000;

/** `frames` as a pcap file's bytes, one frame per millisecond from `firstMicros` on. */
export function pcapOf(frames: readonly Buffer[], firstMicros = 0): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map((frame, k) => {
    const rec = Buffer.alloc(16);
    const usec = firstMicros + k * 1000;
    rec.writeUInt32LE(EPOCH + Math.floor(usec / 1e6), 0);
    rec.writeUInt32LE(usec % 1e6, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    return Buffer.concat([rec, frame]);
  });
  return Buffer.concat([header, ...records]);
}

/** Log records by stream path (`conn`, `http`, ...). */
export type Rows = Map<string, LogRecord[]>;

/**
 * Runs the default pipeline over `frames` (with `tune` applied to the configuration) and
 * returns every record written, without log files.
 */
export async function logsOf(
  t: { teardown(f: () => void): void },
  frames: readonly Buffer[],
  tune: (c: WirelogConfig) => void = () => undefined,
): Promise<Rows> {
  const work = mkdtempSync(path.join(tmpdir(), 'wirelog-pcap-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const capture = path.join(work, 'trace.pcap');
  writeFileSync(capture, pcapOf(frames));

  const config = loadConfig();
  config.logs.write_files = false;
  tune(config);
  const rows: Rows = new Map();
  await runPipeline({
    readPath: capture,
    config,
    scripts: new ScriptSelection(false, []),
    extraSinks: [
      {
        openStream: () => undefined,
        write: (spec, r) => {
          rows.set(spec.path, [...(rows.get(spec.path) ?? []), r]);
          return true;
        },
        drain: async () => undefined,
        close: async () => undefined,
      },
    ],
  });
  return rows;
}

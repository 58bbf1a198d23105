/** Runs the built CLI as a user would, capturing its output and exit code. */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { repoRoot } from '../shared-path.js';

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const WIRELOG_BIN = path.join(repoRoot, 'bin', 'wirelog.js');

/** Arguments that switch off the columns wirelog adds after Zeek's, for comparisons with Zeek. */
export const ZEEK_COLUMNS = ['--config', path.join(repoRoot, 'config', 'zeek-compatible.yaml')];

export function runWirelog(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<CliResult>((resolve) => {
    const child = spawn(process.execPath, [WIRELOG_BIN, ...args], {
      cwd: opts.cwd ?? repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Runs wirelog on one end of a namespace pair, and the peer-traffic script on either end, the
 * way the live capture tests need them: started, waited for, stopped by a signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { WIRELOG_BIN } from '../cli/run-wirelog.js';
import type { NamespaceEnd } from './network-namespaces.js';

const TRAFFIC_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peer-traffic.mjs');

/** Longest a wirelog run or a traffic step may take before the test gives up on it. */
const STEP_TIMEOUT_MS = 20_000;

/** How often the start-up output is checked for the `capturing` line. */
const CAPTURING_POLL_MS = 20;

/** Time given to packets in flight to be read before the stop signal is sent. */
const SETTLE_MS = 300;

export interface StoppedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** The `done` diagnostics line (packets, capture stats), parsed. */
  readonly done: { packets: number; capture: Record<string, number> } | undefined;
}

/** wirelog capturing on `end`; resolves once the interface is open. */
export class LiveRun {
  private stderr = '';
  private readonly exited: Promise<StoppedRun>;

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => resolve({
        code, signal, stderr: this.stderr, done: doneLine(this.stderr),
      }));
    });
  }

  static async start(end: NamespaceEnd, args: string[]): Promise<LiveRun> {
    const child = spawn('ip', ['netns', 'exec', end.ns, process.execPath, WIRELOG_BIN, '--verbose',
      '-i', end.iface, ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: STEP_TIMEOUT_MS });
    const run = new LiveRun(child);
    await run.capturing();
    return run;
  }

  /** The `capturing` line wirelog logs once packets can arrive. */
  private capturing(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const exited = this.child.exitCode !== null || this.child.signalCode !== null;
        if (this.stderr.includes('"msg":"capturing"')) resolve();
        else if (exited) reject(new Error(`wirelog exited before capturing: ${this.stderr}`));
        else setTimeout(check, CAPTURING_POLL_MS);
      };
      check();
    });
  }

  /** Sends `signal` (after in-flight packets have been read) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<StoppedRun> {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    this.child.kill(signal);
    return this.exited;
  }
}

function doneLine(stderr: string): StoppedRun['done'] {
  const line = stderr.split('\n').find((l) => l.includes('"msg":"done"'));
  return line === undefined ? undefined : JSON.parse(line);
}

/** Runs the traffic script in `end`'s namespace; resolves when it prints `until`. */
export function traffic(end: NamespaceEnd, args: string[], until = 'done'): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', end.ns, process.execPath, TRAFFIC_SCRIPT, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: STEP_TIMEOUT_MS });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').includes(until)) resolve(child);
    });
    child.on('close', (code) => reject(new Error(`traffic ${args[0]} exited ${code}: ${err}`)));
  });
}

/** Records of a TSV log as objects keyed by field name. */
export function readTsvLog(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const fields = lines.find((l) => l.startsWith('#fields\t'))?.split('\t').slice(1) ?? [];
  return lines.filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => Object.fromEntries(l.split('\t').map((v, i) => [fields[i], v])));
}

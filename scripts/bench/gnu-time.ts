import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Resource use of one finished child process, as GNU time reports it from wait4(2). */
export interface RunUsage {
  /** User plus system CPU seconds of the child and everything it waited for. */
  readonly cpuSeconds: number;
  readonly userSeconds: number;
  readonly sysSeconds: number;
  /** Elapsed real time in seconds. */
  readonly wallSeconds: number;
  /** Largest resident set size of the child, in KiB (GNU time's %M). */
  readonly peakRssKib: number;
  /** Exit status of the child; a child killed by a signal counts as failed (-1). */
  readonly exitCode: number;
  /** The end of the child's standard error, for reporting a failed run. */
  readonly stderrTail: string;
}

/** GNU time, from the Debian package `time`; the shell's builtin `time` cannot give RSS. */
export const GNU_TIME = '/usr/bin/time';

/** Fields GNU time writes: user s, system s, max RSS KiB, elapsed s. */
const TIME_FORMAT = '%U %S %M %e';

/** How much of a failing child's stderr to keep for the report. */
const STDERR_TAIL_CHARS = 2000;

/** Output limit of a child's stderr, so a chatty failure cannot exhaust memory. */
const STDERR_MAX_BYTES = 16 << 20;

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/**
 * Runs a command to completion under GNU time and returns its resource use. GNU time reads
 * the child's rusage from wait4(2), so the numbers are the kernel's, and the children of
 * the command (a shell, a worker) are included; this process's own work is not.
 */
export function timedRun(command: string, args: readonly string[], cwd: string): RunUsage {
  const dir = mkdtempSync(join(tmpdir(), 'wirelog-bench-time-'));
  const report = join(dir, 'usage');
  try {
    const child = spawnSync(GNU_TIME, ['-f', TIME_FORMAT, '-o', report, '--', command, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: STDERR_MAX_BYTES,
    });
    const stderr = child.stderr ? child.stderr.toString('utf8') : String(child.error ?? '');
    const exitCode = child.status ?? -1;
    return parseGnuTime(readFileSync(report, 'utf8'), exitCode, stderr.slice(-STDERR_TAIL_CHARS));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads GNU time's report. Its last line holds the format's fields; a line before it may
 * say "Command exited with non-zero status N" or "Command terminated by signal N".
 * Throws when the report has no such line: then the measurement itself failed.
 */
export function parseGnuTime(report: string, exitCode: number, stderrTail: string): RunUsage {
  const lines = report.trim().split('\n');
  const fields = (lines.at(-1) ?? '').trim().split(/\s+/).map(Number);

  if (fields.length !== 4 || fields.some((value) => !Number.isFinite(value))) {
    throw new Error(`unexpected GNU time report: ${JSON.stringify(report)}`);
  }

  const [userSeconds, sysSeconds, peakRssKib, wallSeconds] = fields as [
    number,
    number,
    number,
    number,
  ];
  const cpuSeconds = userSeconds + sysSeconds;
  return { cpuSeconds, userSeconds, sysSeconds, wallSeconds, peakRssKib, exitCode, stderrTail };
}

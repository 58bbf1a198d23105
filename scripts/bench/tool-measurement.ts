import type { RunUsage } from './gnu-time.js';
import { timedRun } from './gnu-time.js';

/** Repeated runs of one command over the bench capture, and their medians. */
export interface ToolMeasurement {
  /** Name used in output lines and JSON keys (tcpdump, wirelog, wirelog_filtered). */
  readonly name: string;
  readonly command: readonly string[];
  readonly runs: readonly RunUsage[];
  readonly medianCpuSeconds: number;
  readonly medianWallSeconds: number;
  readonly medianPeakRssKib: number;
}

/** A run that did not exit 0: the bench reports it instead of timing a failure. */
export class FailedRunError extends Error {
  override readonly name = 'FailedRunError';

  constructor(
    readonly toolName: string,
    readonly usage: RunUsage,
  ) {
    super(`${toolName} exited with status ${usage.exitCode}`);
  }
}

/** Median of a non-empty list; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');

  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Summarises finished runs; medians, because one disturbed run must not move the result. */
export function summariseRuns(
  name: string,
  command: readonly string[],
  runs: readonly RunUsage[],
): ToolMeasurement {
  return {
    name,
    command,
    runs,
    medianCpuSeconds: median(runs.map((run) => run.cpuSeconds)),
    medianWallSeconds: median(runs.map((run) => run.wallSeconds)),
    medianPeakRssKib: median(runs.map((run) => run.peakRssKib)),
  };
}

/**
 * Runs a command `count` times, one after another so runs do not compete for the cores.
 * `beforeEach` prepares a fresh state (an empty output directory) outside the timing.
 * Throws FailedRunError on the first run that does not exit 0.
 */
export function measureTool(
  name: string,
  command: readonly string[],
  count: number,
  cwd: string,
  beforeEach: () => void = () => {},
): ToolMeasurement {
  const [program, ...args] = command;
  if (program === undefined) throw new RangeError('empty command');

  const runs: RunUsage[] = [];
  for (let i = 0; i < count; i++) {
    beforeEach();
    const usage = timedRun(program, args, cwd);
    if (usage.exitCode !== 0) throw new FailedRunError(name, usage);
    runs.push(usage);
  }
  return summariseRuns(name, command, runs);
}

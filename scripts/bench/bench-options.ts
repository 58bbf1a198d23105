import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** What the bench measures and where; every value has a default and an override. */
export interface BenchOptions {
  readonly repoRoot: string;
  /** Capture to measure; made by the capture script when absent. */
  readonly capture: string;
  /** Packets the capture script is asked for when it has to make the capture. */
  readonly targetPackets: number;
  /** Runs per tool; the median is reported. */
  readonly runs: number;
  /** Filter of the filtered run, whose extra cost is reported per packet. */
  readonly filterExpression: string;
  /** wirelog's command-line entry point, relative to the repository. */
  readonly wirelogEntry: string;
  /** Where the numbers of the last run are kept. */
  readonly resultFile: string;
}

export const DEFAULT_RUNS = 3;
export const DEFAULT_TARGET_PACKETS = 1_000_000;
export const DEFAULT_FILTER = 'tcp port 80 or udp port 53';
export const BENCH_DIR = '.bench';
export const CAPTURE_SCRIPT = 'scripts/capture/make-bench-capture.sh';

export const USAGE = `usage: npm run bench -- [--runs N] [--packets N] [--capture FILE]
                           [--filter EXPR]
  --runs N       runs per tool, median reported (env WIRELOG_BENCH_RUNS, default ${DEFAULT_RUNS})
  --packets N    packets asked of a new capture (env WIRELOG_BENCH_PACKETS,
                 default ${DEFAULT_TARGET_PACKETS})
  --capture FILE capture to measure, made if absent (env WIRELOG_BENCH_CAPTURE,
                 default ${BENCH_DIR}/bench.pcap)
  --filter EXPR  filter of the filtered run (default '${DEFAULT_FILTER}')`;

/** The repository root: the nearest directory above `start` holding package.json. */
export function findRepoRoot(start: string): string {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** Command-line flags win over environment variables, which win over defaults. */
export function parseBenchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  repoRoot: string,
): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: 'string' },
      packets: { type: 'string' },
      capture: { type: 'string' },
      filter: { type: 'string' },
    },
  });
  const capture = values.capture ?? env.WIRELOG_BENCH_CAPTURE ?? join(BENCH_DIR, 'bench.pcap');

  return {
    repoRoot,
    capture: resolve(repoRoot, capture),
    targetPackets: positiveInteger('packets', values.packets ?? env.WIRELOG_BENCH_PACKETS,
      DEFAULT_TARGET_PACKETS),
    runs: positiveInteger('runs', values.runs ?? env.WIRELOG_BENCH_RUNS, DEFAULT_RUNS),
    filterExpression: values.filter ?? DEFAULT_FILTER,
    wirelogEntry: join(repoRoot, 'bin', 'wirelog.js'),
    resultFile: join(repoRoot, BENCH_DIR, 'last.json'),
  };
}

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;

  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`--${name} must be a positive integer, got ${JSON.stringify(text)}`);
  }
  return value;
}

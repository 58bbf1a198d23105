import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { CaptureUnavailableError, ensureBenchCapture } from './bench/bench-capture.js';
import { USAGE, findRepoRoot, parseBenchOptions } from './bench/bench-options.js';
import type { BenchOptions } from './bench/bench-options.js';
import { benchLines, cpuRatio, filterDeltaUsPerPacket, ratesOf } from './bench/bench-report.js';
import type { BenchResult, ToolRates } from './bench/bench-report.js';
import { GNU_TIME, hasGnuTime } from './bench/gnu-time.js';
import { censusPcap } from './bench/pcap-census.js';
import type { PcapCensus } from './bench/pcap-census.js';
import { FailedRunError, measureTool } from './bench/tool-measurement.js';
import type { ToolMeasurement } from './bench/tool-measurement.js';

/** Exit statuses: the bench could not start (setup), or a measured command failed. */
const EXIT_SETUP = 2;
const EXIT_RUN_FAILED = 1;

/** A setup problem the user can fix; printed without a stack trace. */
class SetupError extends Error {
  override readonly name = 'SetupError';
}

/**
 * Measures wirelog against the floor of reading the same capture with tcpdump, over the
 * large bench capture, and returns the numbers. Throws SetupError, CaptureUnavailableError
 * or FailedRunError; a missing wirelog entry point is a result, not an error.
 */
export function runBench(options: BenchOptions, isRoot: boolean): BenchResult {
  const tcpdump = findOnPath('tcpdump');
  if (!hasGnuTime()) throw new SetupError(`${GNU_TIME} not found: install Debian package time`);
  if (tcpdump === null) throw new SetupError('tcpdump not found: install Debian package tcpdump');

  ensureBenchCapture(options, isRoot);
  const census = censusPcap(options.capture);
  const measurements = [
    measureTool(
      'tcpdump',
      [tcpdump, '-r', options.capture, '-w', '/dev/null'],
      options.runs,
      options.repoRoot,
    ),
  ];

  const wirelogPresent = existsSync(options.wirelogEntry);
  if (wirelogPresent) measurements.push(...measureWirelog(options));
  return summarise(options, census, measurements, wirelogPresent);
}

/** Unfiltered, then filtered runs, each into a fresh output directory that is removed after. */
function measureWirelog(options: BenchOptions): ToolMeasurement[] {
  const outDir = mkdtempSync(join(tmpdir(), 'wirelog-bench-out-'));
  const fresh = () => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir);
  };
  const base = [process.execPath, options.wirelogEntry, '-r', options.capture, '-d', outDir];
  const { runs, repoRoot } = options;

  try {
    return [
      measureTool('wirelog', base, runs, repoRoot, fresh),
      // The core path alone: reader, decoder, tracker and conn.log, no protocol analyzers.
      measureTool('wirelog_conn', [...base, '-b', 'base/protocols/conn'], runs, repoRoot, fresh),
      measureTool(
        'wirelog_filtered',
        [...base, '-f', options.filterExpression],
        runs,
        repoRoot,
        fresh,
      ),
    ];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function summarise(
  options: BenchOptions,
  census: PcapCensus,
  measurements: readonly ToolMeasurement[],
  wirelogPresent: boolean,
): BenchResult {
  const tools: Record<string, ToolRates> = {};
  for (const measurement of measurements) tools[measurement.name] = ratesOf(measurement, census);
  const { tcpdump, wirelog, wirelog_filtered: filtered } = tools;

  return {
    date: new Date().toISOString(),
    capture: { file: relative(options.repoRoot, options.capture), ...census },
    runs: options.runs,
    filterExpression: options.filterExpression,
    wirelogStatus: wirelogPresent ? 'measured' : 'missing',
    tools,
    wirelogCpuToTcpdump: wirelog && tcpdump ? cpuRatio(wirelog, tcpdump) : null,
    filterDeltaUsPerPacket:
      wirelog && filtered ? filterDeltaUsPerPacket(filtered, wirelog, census.packets) : null,
    host: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    measurements,
  };
}

/** The first executable `name` on PATH, as the child's exec would find it, or null. */
function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir || '.', name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return null;
}

function main(): number {
  const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  try {
    const options = parseBenchOptions(process.argv.slice(2), process.env, repoRoot);
    const result = runBench(options, process.getuid?.() === 0);

    for (const line of benchLines(result)) console.log(line);
    console.log(filterCostLine(options.filterExpression));
    for (const line of kafkaLines(options.capture)) console.log(line);
    mkdirSync(dirname(options.resultFile), { recursive: true });
    writeFileSync(options.resultFile, `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}

/**
 * The filter's own cost per packet, from its micro-benchmark: the difference between filtered
 * and unfiltered whole runs mixes it with the work saved on dropped packets.
 */
function filterCostLine(expression: string): string {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench-filter.js');
  const out = execFileSync(process.execPath, [script, expression], { encoding: 'utf8' });
  const m = /matcher ([\d.]+) ns\/packet, stage ([\d.]+) ns\/packet/.exec(out);
  if (m === null) return `bench filter status=unmeasured expr="${expression}"`;
  return `bench filter matcher_ns_per_packet=${m[1]} stage_ns_per_packet=${m[2]} expr="${expression}"`;
}

/** Records per second into Kafka, JSON and Avro (bench-kafka.ts; it manages its broker). */
function kafkaLines(capture: string): string[] {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench-kafka.js');
  const out = execFileSync(process.execPath, [script, capture], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.startsWith('bench kafka'));
}

function reportFailure(error: unknown): number {
  if (error instanceof FailedRunError) {
    console.error(`bench error tool=${error.toolName} exit=${error.usage.exitCode}`);
    console.error(error.usage.stderrTail);
    return EXIT_RUN_FAILED;
  }
  if (error instanceof SetupError || error instanceof CaptureUnavailableError) {
    console.error(`bench error ${error.message}`);
    return EXIT_SETUP;
  }
  if (error instanceof RangeError || (error as { code?: string }).code?.startsWith('ERR_PARSE')) {
    console.error(`bench error ${(error as Error).message}\n${USAGE}`);
    return EXIT_SETUP;
  }
  throw error;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}

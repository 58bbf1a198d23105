/**
 * The command line, shaped like Zeek's so its users' commands carry over:
 *   wirelog [-b] (-r FILE | -i IFACE) [-C] [-f EXPR] [-w OUT.pcap] [--json] [-d OUTDIR]
 *           [--config FILE.yaml] [SCRIPT ...] [NAME=VALUE ...]
 * plus `wirelog consume` (Kafka topics back into log files) and `wirelog schema`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Command, CommanderError } from 'commander';
import type { Logger } from 'pino';

import { warnOnExtractionErrors } from './analyzers/files/extraction-warnings.js';
import { addKafkaCommands, kafkaSinks } from './cli-kafka.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig, type WirelogConfig } from './config/config.js';
import { applyScriptOptions, isScriptOption } from './config/script-options.js';
import { createDiagnostics } from './logging/diagnostics.js';
import { runPipeline, type LiveInput, type RunSummary } from './pipeline.js';
import { ScriptSelection } from './script-selection.js';
import { KafkaDeliveryError } from './sinks/kafka/kafka-sink.js';
import { OutputError } from './sinks/output-error.js';
import { FilterCompileError, FilterSyntaxError } from './stages/bpf/index.js';
import { CaptureFileError } from './stages/capture-file-error.js';
import { LiveCaptureError } from './stages/live-capture-error.js';
import { onStopSignal } from './stop-signals.js';

/** The version in the installation's package.json, found above this module (src/ or dist/src/). */
const VERSION = findVersion(dirname(fileURLToPath(import.meta.url)));

function findVersion(start: string): string {
  for (let dir = start, up = 0; up < 4; up++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Package;
      if (pkg.name === 'wirelog' && pkg.version !== undefined) return pkg.version;
    } catch {
      // no package.json here; look one level up
    }
  }
  return 'unknown';
}

interface Package {
  readonly name?: string;
  readonly version?: string;
}

interface MainOptions {
  readonly read?: string;
  readonly interface?: string;
  readonly bare?: boolean;
  readonly C?: boolean;
  readonly json?: boolean;
  readonly dir?: string;
  readonly config?: string;
  readonly verbose?: boolean;
  readonly version?: boolean;
  readonly filter?: string;
  readonly write?: string;
}

export function buildProgram(): Command {
  const program = new Command('wirelog')
    .description('Reads packets and writes Zeek-compatible logs.')
    .argument(
      '[scripts...]',
      'analysis to run, by Zeek script name (e.g. base/protocols/conn), and Zeek option ' +
        'assignments (e.g. \'FTP::logged_commands += { "USER" }\')',
    )
    .option('-r, --read <file>', 'read packets from a pcap/pcapng file (.gz allowed; - for stdin)')
    .option('-i, --interface <iface>', 'capture live from a network interface (needs root)')
    .option('-b, --bare', 'run only the named scripts (Zeek bare mode)')
    .option('-C', 'ignore checksums (for captures with checksum offloading)')
    .option('-f, --filter <expr>', 'packet filter in tcpdump syntax, replacing configured ones')
    .option('-w, --write <file>', 'write the packets that pass the filter to a pcap file')
    .option('--json', 'write logs as JSON lines instead of TSV')
    .option('-d, --dir <outdir>', 'folder for the logs (default: the current folder)')
    .option('--config <file>', 'YAML file overriding config/default.yaml')
    .option('--verbose', 'print a summary and progress on stderr')
    .option('-v, --version', 'print the version and exit')
    .showHelpAfterError()
    .enablePositionalOptions()
    .action(async (scripts: string[], opts: MainOptions) => run(scripts, opts));
  addKafkaCommands(program);
  program.exitOverride();
  return program;
}

async function run(args: string[], opts: MainOptions): Promise<void> {
  if (opts.version) {
    process.stdout.write(`wirelog version ${VERSION}\n`);
    return;
  }
  const log = createDiagnostics(opts.verbose ? 'info' : 'warn');
  checkInput(opts);

  const scripts = new ScriptSelection(
    opts.bare ?? false,
    args.filter((a) => !isScriptOption(a)),
  );
  // Zeek stops at a script it cannot find; wirelog runs what it has and says what it skipped.
  for (const name of scripts.unknown()) {
    log.warn(`script ${name} has no counterpart in wirelog and is ignored`);
  }
  const config = loadConfig(opts.config);
  applyScriptOptions(config, args.filter(isScriptOption));
  applyFlags(config, opts);
  const started = process.hrtime.bigint();
  const stop = new AbortController();
  const release = opts.interface === undefined ? undefined : onStopSignal(stop);
  const summary = await runPipeline({
    readPath: opts.read,
    live: liveInput(opts, stop.signal, log),
    config,
    scripts,
    extraSinks: kafkaSinks(config),
    onEvents: (events) => warnOnExtractionErrors(events, log),
    filter: opts.filter,
    writePath: opts.write,
  }).finally(() => release?.());

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  reportSummary(log, summary, seconds);
}

/** `-i`: the interface, stopped by SIGINT/SIGTERM, announced once packets can arrive. */
function liveInput(opts: MainOptions, signal: AbortSignal, log: Logger): LiveInput | undefined {
  if (opts.interface === undefined) return undefined;
  return { iface: opts.interface, signal, onOpen: (info) => log.info(info, 'capturing') };
}

function reportSummary(log: Logger, summary: RunSummary, seconds: number): void {
  const weirds = Object.fromEntries(summary.weirds);
  const records = Object.fromEntries(summary.records);
  const { packets, bytes, capture } = summary;
  log.info({ packets, bytes, seconds, records, weirds, capture }, 'done');

  // Packets lost to a pipeline that could not keep up are worth a warning even when quiet.
  if (capture !== undefined && capture.dropped > 0) {
    log.warn({ dropped: capture.dropped, overloads: capture.overloads }, 'packets dropped');
  }
}

/** Exactly one input: a file (-r) or an interface (-i). */
function checkInput(opts: MainOptions): void {
  if (opts.read !== undefined && opts.interface !== undefined) {
    throw new ConfigError('-r and -i cannot be combined: read a file or capture live, not both');
  }
  if (opts.read === undefined && opts.interface === undefined) {
    throw new ConfigError('no input: give -r FILE (or -r - for stdin), or -i IFACE to capture');
  }
}

function applyFlags(config: WirelogConfig, opts: MainOptions): void {
  if (opts.C) config.decoder.ignore_checksums = true;
  if (opts.json) config.logs.format = 'json';
  if (opts.dir !== undefined) config.logs.dir = opts.dir;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (err) {
    return reportFailure(err);
  }
}

function reportFailure(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  const expected =
    err instanceof ConfigError ||
    err instanceof CaptureFileError ||
    err instanceof KafkaDeliveryError ||
    err instanceof FilterSyntaxError ||
    err instanceof FilterCompileError ||
    err instanceof LiveCaptureError ||
    err instanceof OutputError;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`wirelog: ${message}\n`);
  if (!expected && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return expected ? 1 : 2;
}

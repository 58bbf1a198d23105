/**
 * Runs the Zeek conformance comparison (shared/tools/zeek-compare) over the corpora and returns
 * its per-case results. Used by `npm run conformance` and by the conformance test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root, found from this file's place in src or dist. */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** Shared test data: `WIRELOG_SHARED`, else the `shared` folder beside the repository. */
export const SHARED_DIR = process.env.WIRELOG_SHARED ?? resolve(REPO_ROOT, '..', 'shared');

export const CORPORA = ['zeek', 'zeek-default'] as const;

export interface LogResult {
  readonly cells: number;
  readonly matched_cells: number;
  readonly header_ok: boolean;
  readonly field_mismatches: Record<string, number>;
}

export interface CaseResult {
  readonly case: string;
  readonly logs: Record<string, LogResult>;
  readonly runs: { exit: number | string; stderr_tail: string }[];
}

export interface CorpusRun {
  readonly corpus: string;
  readonly output: string;
  readonly results: CaseResult[];
}

/**
 * The command zeek-compare runs per case, in Zeek's command-line shape. It passes
 * config/zeek-compatible.yaml, which switches off the columns wirelog adds after Zeek's
 * (Community ID, JA3/JA4, HASSH): the comparison is against Zeek's own columns.
 */
export function commandTemplate(): string {
  const bin = join(REPO_ROOT, 'bin', 'wirelog.js');
  const config = join(REPO_ROOT, 'config', 'zeek-compatible.yaml');
  return `node ${bin} --config ${config} {b} -r {trace} {C} {json} -d {outdir} {scripts}`;
}

export async function runCorpus(corpus: string, extraArgs: string[] = []): Promise<CorpusRun> {
  const dir = mkdtempSync(join(tmpdir(), 'wirelog-conformance-'));
  const report = join(dir, 'report.json');
  try {
    const { stdout } = await run('python3', [
      join(SHARED_DIR, 'tools', 'zeek-compare'), 'run', join(SHARED_DIR, 'conformance', corpus),
      commandTemplate(), '--json-report', report, '--timeout', '60', ...extraArgs,
    ], { maxBuffer: 64 * 1024 * 1024 });
    const results = JSON.parse(readFileSync(report, 'utf8')) as CaseResult[];
    return { corpus, output: stdout, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function findRepoRoot(start: string): string {
  let dir = start;
  for (let k = 0; k < 6; k++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'wirelog') return dir;
    } catch {
      // not here; look one level up
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find the wirelog repository above ${start}`);
}

/** Matched cells and header state per corpus, case and log: the level reached so far. */
export type ConformanceLevels = Record<string, Record<string, Record<string, LogLevel>>>;

export interface LogLevel {
  readonly matched: number;
  readonly cells: number;
  readonly header_ok: boolean;
}

export const LEVELS_FILE = join(REPO_ROOT, 'test', 'conformance-levels.json');

export function levelsOf(runs: readonly CorpusRun[]): ConformanceLevels {
  const levels: ConformanceLevels = {};
  for (const run of runs) {
    const corpus: Record<string, Record<string, LogLevel>> = (levels[run.corpus] = {});
    for (const r of run.results) {
      corpus[r.case] = {};
      for (const [log, l] of Object.entries(r.logs)) {
        corpus[r.case][log] = { matched: l.matched_cells, cells: l.cells, header_ok: l.header_ok };
      }
    }
  }
  return levels;
}

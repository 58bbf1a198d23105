/**
 * Runs the Zeek conformance comparison (shared/tools/zeek-compare) over the corpora and returns
 * its per-case results. Used by `npm run conformance` and by the conformance test.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
  readonly expected_rows: number;
  readonly exact_rows: number;
  readonly cells: number;
  readonly matched_cells: number;
  readonly header_ok: boolean;
  readonly field_mismatches: Record<string, number>;
}

export interface CaseResult {
  readonly case: string;
  readonly logs: Record<string, LogResult>;
  readonly unexpected_logs: string[];
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
 * (Community ID, JA3/JA4, HASSH): the comparison is against Zeek's own columns. `options` are
 * the script options the case's Zeek run redefined, given as Zeek takes them on its command line.
 */
export function commandTemplate(options: readonly string[] = []): string {
  const bin = join(REPO_ROOT, 'bin', 'wirelog.js');
  const config = join(REPO_ROOT, 'config', 'zeek-compatible.yaml');
  // The template is filled by Python's str.format, where literal braces are doubled.
  const literal = (o: string) => shellQuote(o).replaceAll('{', '{{').replaceAll('}', '}}');
  const assignments = options.map((o) => ` ${literal(o)}`).join('');
  return `node ${bin} --config ${config} {b} -r {trace} {C} {json} -d {outdir} {scripts}${assignments}`;
}

/**
 * The option assignments of a case's Zeek run (case.json `redefs`, e.g.
 * `FTP::logged_commands += { "USER" }`). Entries that carry a remark, such as a redef made for one
 * of several runs only, are left to the placeholders zeek-compare fills itself.
 */
export function scriptOptionsOf(caseDir: string): string[] {
  const c = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) as { redefs?: string[] };
  return (c.redefs ?? []).filter((r) => /^[\w:]+\s*[-+]?=\s*(\{.*\}|[^\s(]+)$/.test(r));
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs zeek-compare over one corpus. Cases are grouped by the script options their Zeek run set,
 * one zeek-compare run per group; the per-case lines come out in case order with one summary.
 */
export async function runCorpus(corpus: string, extraArgs: string[] = []): Promise<CorpusRun> {
  const corpusDir = join(SHARED_DIR, 'conformance', corpus);
  const groups = new Map<string, string[]>();
  for (const name of readdirSync(corpusDir).sort()) {
    if (!existsSync(join(corpusDir, name, 'case.json'))) continue;
    const key = JSON.stringify(scriptOptionsOf(join(corpusDir, name)));
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }

  // zeek-compare's --only is applied here, per group, so each case runs once with its options.
  const only = extraArgs.flatMap((a, k) => (extraArgs[k - 1] === '--only' ? [a] : []));
  const passed = extraArgs.filter((a, k) => a !== '--only' && extraArgs[k - 1] !== '--only');
  const lines = new Map<string, string>();
  const results: CaseResult[] = [];
  for (const [key, all] of groups) {
    const names = only.length === 0 ? all : all.filter((n) => only.includes(n));
    if (names.length === 0) continue;
    const run = await runGroup(corpusDir, JSON.parse(key) as string[], names, passed);
    results.push(...run.results);
    for (const line of run.output.split('\n')) {
      const name = line.split(' ', 1)[0];
      if (names.includes(name)) lines.set(name, line);
    }
  }
  results.sort((a, b) => a.case.localeCompare(b.case));
  const perCase = results.map((r) => lines.get(r.case) ?? r.case);
  return { corpus, output: [...perCase, ...summaryLines(results)].join('\n') + '\n', results };
}

async function runGroup(
  corpusDir: string,
  options: string[],
  names: string[],
  extraArgs: string[],
): Promise<{ output: string; results: CaseResult[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'wirelog-conformance-'));
  const report = join(dir, 'report.json');
  try {
    const only = names.flatMap((n) => ['--only', n]);
    const { stdout } = await run(
      'python3',
      [
        join(SHARED_DIR, 'tools', 'zeek-compare'),
        'run',
        corpusDir,
        commandTemplate(options),
        '--json-report',
        report,
        '--timeout',
        '60',
        ...only,
        ...extraArgs,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return { output: stdout, results: JSON.parse(readFileSync(report, 'utf8')) as CaseResult[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** zeek-compare's two summary lines, over the results of every group. */
function summaryLines(results: readonly CaseResult[]): string[] {
  const logs = results.flatMap((r) => Object.values(r.logs));
  const sum = (f: (l: LogResult) => number) => logs.reduce((n, l) => n + f(l), 0);
  const cells = sum((l) => l.cells);
  const matched = sum((l) => l.matched_cells);
  const full = results.filter(
    (r) =>
      Object.values(r.logs).every((l) => l.matched_cells === l.cells && l.header_ok) &&
      r.unexpected_logs.length === 0,
  ).length;
  const nonzero = results.flatMap((r) => r.runs).filter((x) => x.exit !== 0).length;
  const percent = cells === 0 ? 0 : (100 * matched) / cells;
  return [
    `cases ${results.length}  fully matched ${full}  nonzero exits ${nonzero}  ` +
      `rows exact ${sum((l) => l.exact_rows)}/${sum((l) => l.expected_rows)}  ` +
      `cells ${matched}/${cells}`,
    `conformance ${percent.toFixed(1)}% of expected cells`,
  ];
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

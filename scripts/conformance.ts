/**
 * `npm run conformance`: compares wirelog's logs with Zeek's over both corpora in
 * ../shared/conformance and prints zeek-compare's per-case lines and summaries.
 * With `--write-levels`, records the level reached per case in test/conformance-levels.json,
 * which the test suite then holds as a floor.
 */
import { readFileSync, writeFileSync } from 'node:fs';

import {
  CORPORA,
  LEVELS_FILE,
  levelsOf,
  runCorpus,
  type ConformanceLevels,
  type CorpusRun,
} from './conformance-runner.js';

const writeLevels = process.argv.includes('--write-levels');
const passThrough = process.argv.slice(2).filter((a) => a !== '--write-levels');
const runs: CorpusRun[] = [];

for (const corpus of CORPORA) {
  process.stdout.write(`== ${corpus} ==\n`);
  const run = await runCorpus(corpus, passThrough);
  process.stdout.write(run.output);
  runs.push(run);
}

if (writeLevels) {
  // Cases left out of this run (--only) keep their recorded level.
  const levels = JSON.parse(readFileSync(LEVELS_FILE, 'utf8')) as ConformanceLevels;
  for (const [corpus, cases] of Object.entries(levelsOf(runs))) {
    levels[corpus] = { ...levels[corpus], ...cases };
  }
  writeFileSync(LEVELS_FILE, JSON.stringify(levels, null, 1) + '\n');
  process.stdout.write(`levels written to ${LEVELS_FILE}\n`);
}

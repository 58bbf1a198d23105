/**
 * Holds conformance with Zeek at the level reached so far: for every case and log of both
 * corpora, at least as many matching cells as test/conformance-levels.json records, and the
 * header lines right wherever they were. Raise the floor with
 * `npm run conformance -- --write-levels` after an improvement.
 */
import { existsSync, readFileSync } from 'node:fs';

import t from 'tap';

import {
  CORPORA,
  LEVELS_FILE,
  runCorpus,
  SHARED_DIR,
  type ConformanceLevels,
} from '../scripts/conformance-runner.js';

const levels = JSON.parse(readFileSync(LEVELS_FILE, 'utf8')) as ConformanceLevels;

if (!existsSync(SHARED_DIR)) {
  t.fail(`shared test data not found at ${SHARED_DIR} (set WIRELOG_SHARED)`);
} else {
  for (const corpus of CORPORA) {
    t.test(`conformance: ${corpus} corpus stays at or above its recorded level`, async (t) => {
      const run = await runCorpus(corpus);
      t.comment(run.output.split('\n').filter((l) => /^(cases|conformance)/.test(l)).join('\n'));
      const floor = levels[corpus] ?? {};
      for (const result of run.results) {
        for (const [log, l] of Object.entries(result.logs)) {
          const want = floor[result.case]?.[log];
          if (want === undefined) continue;
          t.ok(l.matched_cells >= want.matched,
            `${result.case} ${log}: ${l.matched_cells}/${l.cells} cells (floor ${want.matched})`);
          if (want.header_ok) t.ok(l.header_ok, `${result.case} ${log}: header lines match`);
        }
        for (const r of result.runs) t.equal(r.exit, 0, `${result.case}: wirelog exits 0`);
      }
    });
  }
}

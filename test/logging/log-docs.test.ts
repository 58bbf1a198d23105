import { readFileSync } from 'node:fs';
import path from 'node:path';

import t from 'tap';

import { loadConfig } from '../../src/config/config.js';
import { renderLogDocs } from '../../src/logging/log-docs.js';
import { declaredStreams } from '../../src/pipeline.js';
import { ScriptSelection } from '../../src/script-selection.js';
import { repoRoot } from '../shared-path.js';

t.test('docs/logs.md documents exactly the columns the log streams declare', async (t) => {
  const specs = declaredStreams(new ScriptSelection(false, []), loadConfig());
  const current = readFileSync(path.join(repoRoot, 'docs', 'logs.md'), 'utf8');
  t.equal(current, renderLogDocs(specs.values()), 'run `npm run docs` after changing a stream');
  t.ok(specs.has('conn') && specs.has('weird'), 'conn and weird are declared');
});

/** `npm run docs`: writes docs/logs.md from the declarations of every built-in log stream. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadConfig } from '../src/config/config.js';
import { renderLogDocs } from '../src/logging/log-docs.js';
import { declaredStreams } from '../src/pipeline.js';
import { ScriptSelection } from '../src/script-selection.js';
import { REPO_ROOT } from './conformance-runner.js';

const specs = declaredStreams(new ScriptSelection(false, []), loadConfig());
const out = join(REPO_ROOT, 'docs', 'logs.md');
writeFileSync(out, renderLogDocs(specs.values()));
process.stdout.write(`wrote ${out}\n`);

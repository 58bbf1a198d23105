import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { loadConfig } from '../../src/config/config.js';
import { runPipeline } from '../../src/pipeline.js';
import { KNOWN_SCRIPTS, ScriptSelection } from '../../src/script-selection.js';
import { repoRoot } from '../shared-path.js';

t.test(
  'scripts: names with no counterpart are reported, folders and files of known ones not',
  async (t) => {
    const named = new ScriptSelection(true, [
      'base/protocols/ftp/main',
      'base/protocols/http/main.zeek',
      'base/protocols',
      'base/frameworks/notice/weird',
      'base/protocols/nosuch',
      'local',
      'policy/misc/stats',
    ]);
    t.same(named.unknown(), ['base/protocols/nosuch', 'local', 'policy/misc/stats']);
    t.same(new ScriptSelection(false, []).unknown(), []);
    const defaults = new ScriptSelection(true, ['base/init-default.zeek']);
    t.ok(defaults.loads('base/protocols/dns') && defaults.loadsWeirdLog(), '-b base/init-default');
    t.notOk(new ScriptSelection(true, ['base/init-bare']).loads('base/protocols/dns'));
  },
);

/** A selection that remembers every script the pipeline asks about. */
class RecordingSelection extends ScriptSelection {
  readonly asked = new Set<string>();

  override loads(script: string): boolean {
    this.asked.add(script);
    return super.loads(script);
  }
}

t.test('scripts: every script the pipeline asks about is a known one', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-scripts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig();
  config.logs.dir = dir;
  const scripts = new RecordingSelection(false, []);
  const readPath = path.join(repoRoot, 'test', 'fixtures', 'sample', 'sample.pcap');
  await runPipeline({ readPath, config, scripts });
  t.ok(scripts.asked.size > 10, `asked about ${scripts.asked.size} scripts`);
  for (const s of scripts.asked) t.ok(KNOWN_SCRIPTS.includes(s), `${s} is known`);
});

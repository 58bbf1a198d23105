/** Reading the shared fingerprint vectors, and running captures through the pipeline. */
import { readFileSync } from 'node:fs';

import { collectHellos } from '../../../src/analyzers/tls-fingerprints/hello-collector.js';
import type { HelloFields } from '../../../src/analyzers/tls-fingerprints/hello-fields.js';
import { loadConfig } from '../../../src/config/config.js';
import { runPipeline } from '../../../src/pipeline.js';
import { ScriptSelection } from '../../../src/script-selection.js';
import type { Connection } from '../../../src/stages/connection.js';

/** Rows of a tab-separated file with a header line, as objects. */
export function tsv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const names = head.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [names[i], v])));
}

/** One hello as the analyzer saw it. */
export interface SeenHello {
  readonly conn: Connection;
  readonly isClient: boolean;
  /** `orig_h orig_p resp_h resp_p` of the connection. */
  readonly tuple: string;
  readonly fields: HelloFields;
}

/** What a capture gives: its hellos and the `ja4` column of its ssl.log rows. */
export interface CaptureHellos {
  readonly hellos: SeenHello[];
  /** ssl.log's `ja4` per connection uid, for the rows that have one. */
  readonly loggedJa4: Map<string, string>;
}

/**
 * Every hello of `trace`, in order, collected from the SSL analyzer's events, and the `ja4`
 * values the default configuration writes to ssl.log.
 */
export async function hellosOf(trace: string): Promise<CaptureHellos> {
  const config = loadConfig();
  config.logs.write_files = false;
  // Several captures were taken on hosts that offload checksums, as the reference tools assume.
  config.decoder.ignore_checksums = true;
  const hellos: SeenHello[] = [];
  const loggedJa4 = new Map<string, string>();
  await runPipeline({
    readPath: trace, config, scripts: new ScriptSelection(false, []),
    onEvents: (events, logs) => {
      collectHellos(events, (conn, isClient, fields) => {
        hellos.push({ conn, isClient, tuple: connTuple(conn), fields });
      });
      logs.addSink({
        openStream: () => undefined,
        write: (spec, r) => {
          if (spec.path === 'ssl' && typeof r.ja4 === 'string') {
            loggedJa4.set(String(r.uid), r.ja4);
          }
          return true;
        },
        drain: async () => undefined,
        close: async () => undefined,
      });
    },
  });
  return { hellos, loggedJa4 };
}

/** `orig_h orig_p resp_h resp_p` of the hello's connection. */
function connTuple(c: Connection): string {
  return [c.origH, c.origPort, c.respH, c.respPort].join(' ');
}

/** `a`'s endpoints swapped: the tuple of the other direction. */
export function reversed(tuple: string): string {
  const [h1, p1, h2, p2] = tuple.split(' ');
  return [h2, p2, h1, p1].join(' ');
}

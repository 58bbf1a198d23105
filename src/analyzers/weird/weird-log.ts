/**
 * weird.log and the reporter behind every weird: each report adds to a counter by name and
 * raises the `weird` event; the built-in handler writes the row. Rows are rate-limited per name
 * (after `sampleAfter` rows of one name, only every `sampleRate`-th is written, as Zeek samples);
 * counters never are.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { WeirdInfo } from '../../events/weird-info.js';
import type { ConnRef, ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { LogManager } from '../../logging/log-manager.js';

export const WEIRD_LOG: LogStreamSpec = {
  path: 'weird',
  doc: 'Unusual or malformed traffic and conditions that analysis met.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time of the packet that showed it.' },
    { name: 'uid', type: 'string', optional: true, doc: 'Connection uid, if tied to one.' },
    { name: 'id.orig_h', type: 'addr', optional: true, doc: 'Originator (or source) address.' },
    { name: 'id.orig_p', type: 'port', optional: true, doc: 'Originator port; 0 for flow weirds.' },
    { name: 'id.resp_h', type: 'addr', optional: true, doc: 'Responder (or destination) address.' },
    { name: 'id.resp_p', type: 'port', optional: true, doc: 'Responder port; 0 for flow weirds.' },
    { name: 'name', type: 'string', doc: 'What was seen, e.g. bad_TCP_checksum.' },
    { name: 'addl', type: 'string', optional: true, doc: 'Detail, e.g. the value and the limit.' },
    { name: 'notice', type: 'bool', doc: 'Whether a notice was raised for it.' },
    { name: 'peer', type: 'string', optional: true, doc: 'Name of the sensor that saw it.' },
    { name: 'source', type: 'string', optional: true, doc: 'Layer or analyzer that reported it.' },
  ],
};

export interface WeirdSampling {
  /** Rows of one name written in full before sampling starts. */
  readonly sampleAfter: number;
  /** After that, one row in this many is written. */
  readonly sampleRate: number;
}

export const DEFAULT_WEIRD_SAMPLING: WeirdSampling = { sampleAfter: 1000, sampleRate: 1000 };

export class WeirdReporterImpl implements ConnWeirdReporter {
  /** Every weird, by name; never sampled. */
  readonly counts = new Map<string, number>();
  /** Per connection, names already reported: Zeek reports a connection weird once per name. */
  private readonly perConn = new WeakMap<ConnRef, Set<string>>();

  constructor(
    private readonly events: EventBus<CoreEvents>,
    private readonly sampling: WeirdSampling = DEFAULT_WEIRD_SAMPLING,
  ) {}

  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  netWeird(name: string, ts: number, addl?: string, source?: string): void {
    this.raise({ ts, name, addl, source });
  }

  flowWeird(name: string, ts: number, src: string, dst: string, addl?: string): void {
    this.raise({ ts, name, origH: src, origP: 0, respH: dst, respP: 0, addl });
  }

  connWeird(name: string, ts: number, c: ConnRef, addl?: string, source?: string): void {
    let seen = this.perConn.get(c);
    if (seen === undefined) this.perConn.set(c, (seen = new Set()));
    const first = !seen.has(name);
    seen.add(name);
    const info = {
      ts, name, uid: c.uid, origH: c.origH, origP: c.origPort, respH: c.respH,
      respP: c.respPort, addl, source,
    };
    if (first) this.raise(info);
    else this.count(name);
  }

  private raise(info: WeirdInfo): void {
    const n = this.count(info.name);
    const { sampleAfter, sampleRate } = this.sampling;
    if (n > sampleAfter && (n - sampleAfter) % sampleRate !== 0) return;
    this.events.emit('weird', info);
  }

  private count(name: string): number {
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    return n;
  }
}

/** Subscribes the weird.log writer. `peer` names this sensor, as Zeek's peer column does. */
export function registerWeirdLog(events: EventBus<CoreEvents>, logs: LogManager, peer: string) {
  logs.createStream(WEIRD_LOG);
  events.on('weird', (w) => {
    logs.write(WEIRD_LOG.path, {
      ts: w.ts,
      uid: w.uid,
      'id.orig_h': w.origH,
      'id.orig_p': w.origP,
      'id.resp_h': w.respH,
      'id.resp_p': w.respP,
      name: w.name,
      addl: w.addl === '' ? undefined : w.addl,
      notice: false,
      peer,
      source: w.source === '' ? undefined : w.source,
    });
  }, -5);
}

/**
 * weird.log and the reporter behind every weird: each report adds to a counter by name and
 * raises the `weird` event; the built-in handler writes the row through Zeek's weird policy.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnRef, ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { LogManager } from '../../logging/log-manager.js';
import { WeirdPolicy } from './weird-policy.js';

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
  /** Occurrences of one name for one connection, flow or sensor passed on in full. */
  readonly threshold: number;
  /** After that, one occurrence in this many is passed on. */
  readonly rate: number;
  /** Seconds of network time after which flow and sensor counts start again. */
  readonly duration: number;
}

export const DEFAULT_WEIRD_SAMPLING: WeirdSampling = { threshold: 25, rate: 1000, duration: 600 };

/**
 * The reporter every stage uses. It counts each weird by name (never sampled) and raises the
 * `weird` event, sampling per name and connection (or flow, or sensor) once one keeps repeating,
 * so a flood of one malformed condition cannot flood the handlers.
 */
export class WeirdReporterImpl implements ConnWeirdReporter {
  /** Every weird, by name; never sampled. */
  readonly counts = new Map<string, number>();
  private readonly perConn = new WeakMap<ConnRef, Map<string, number>>();
  private readonly perKey = new Map<string, number>();
  private windowStart = -Infinity;

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
    if (this.passes(this.keyCount(name, ts))) this.events.emit('weird', { ts, name, addl, source });
  }

  flowWeird(
    name: string,
    ts: number,
    src: string,
    dst: string,
    addl?: string,
    source?: string,
  ): void {
    if (!this.passes(this.keyCount(`${name}\u0000${src}\u0000${dst}`, ts, name))) return;
    this.events.emit('weird', {
      ts,
      name,
      origH: src,
      origP: 0,
      respH: dst,
      respP: 0,
      addl,
      source,
    });
  }

  connWeird(name: string, ts: number, c: ConnRef, addl?: string, source?: string): void {
    this.count(name);
    let names = this.perConn.get(c);
    if (names === undefined) this.perConn.set(c, (names = new Map()));
    const n = (names.get(name) ?? 0) + 1;
    names.set(name, n);
    if (!this.passes(n)) return;
    this.events.emit('weird', {
      ts,
      name,
      uid: c.uid,
      origH: c.origH,
      origP: c.origPort,
      respH: c.respH,
      respP: c.respPort,
      addl,
      source,
    });
  }

  /** Counts `name` and returns how often `key` occurred in the current sampling window. */
  private keyCount(key: string, ts: number, name = key): number {
    this.count(name);
    if (ts - this.windowStart >= this.sampling.duration) {
      this.perKey.clear();
      this.windowStart = ts;
    }
    const n = (this.perKey.get(key) ?? 0) + 1;
    this.perKey.set(key, n);
    return n;
  }

  private passes(n: number): boolean {
    const { threshold, rate } = this.sampling;
    return n <= threshold || (n - threshold) % rate === 0;
  }

  private count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
}

/** Subscribes the weird.log writer. `peer` names this sensor, as Zeek's peer column does. */
export function registerWeirdLog(events: EventBus<CoreEvents>, logs: LogManager, peer: string) {
  logs.createStream(WEIRD_LOG);
  const policy = new WeirdPolicy();
  events.on(
    'weird',
    (w) => {
      const decision = policy.decide(w);
      if (!decision.log) return;
      logs.write(WEIRD_LOG.path, {
        ts: w.ts,
        uid: w.uid,
        'id.orig_h': w.origH,
        'id.orig_p': w.origP,
        'id.resp_h': w.respH,
        'id.resp_p': w.respP,
        name: w.name,
        addl: w.addl === '' ? undefined : w.addl,
        notice: decision.notice,
        peer,
        source: w.source === '' ? undefined : w.source,
      });
    },
    -5,
  );
}

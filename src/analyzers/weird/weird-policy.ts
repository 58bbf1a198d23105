/**
 * Decides which weirds become weird.log rows, as a default Zeek installation does: the same
 * name for the same connection, flow or sensor is written once per suppression interval
 * (checksum errors excepted), and the per-name actions of weird-actions.ts apply on top.
 */
import type { WeirdInfo } from '../../events/weird-info.js';
import { WEIRD_ACTIONS, WEIRD_REPEATS_LOGGED, type WeirdAction } from './weird-actions.js';

export interface WeirdPolicyOptions {
  /** Seconds of network time a repeated weird for the same flow stays suppressed. */
  readonly repeatSuppression: number;
  /** Seconds of network time a once-per-connection/originator weird stays suppressed. */
  readonly limitMemory: number;
}

export const DEFAULT_WEIRD_POLICY: WeirdPolicyOptions = {
  repeatSuppression: 600,
  limitMemory: 86400,
};

export interface WeirdDecision {
  readonly log: boolean;
  readonly notice: boolean;
}

const SKIP: WeirdDecision = { log: false, notice: false };
const LOG: WeirdDecision = { log: true, notice: false };
const NOTICE: WeirdDecision = { log: true, notice: true };

export class WeirdPolicy {
  /** (name, identifier) -> network time it was logged, for repeat suppression. */
  private readonly recent = new Map<string, number>();
  /** (name, limiting identifier) -> network time, for the once-per-x actions. */
  private readonly limited = new Map<string, number>();

  constructor(private readonly options: WeirdPolicyOptions = DEFAULT_WEIRD_POLICY) {}

  decide(w: WeirdInfo): WeirdDecision {
    const action: WeirdAction = WEIRD_ACTIONS[w.name] ?? 'log';
    const identifier = identifierOf(w);
    const key = `${w.name}\u0000${identifier}`;
    if (action === 'ignore' || isLive(this.recent, key, w.ts, this.options.repeatSuppression)) {
      return SKIP;
    }

    if (action !== 'log') {
      const limitId = action === 'log_once' ? '' :
        action === 'log_per_conn' ? identifier : (w.origH ?? identifier);
      const limitKey = `${w.name}\u0000${limitId}`;
      if (isLive(this.limited, limitKey, w.ts, this.options.limitMemory)) return SKIP;
      this.limited.set(limitKey, w.ts);
    }

    if (!WEIRD_REPEATS_LOGGED.has(w.name)) this.recent.set(key, w.ts);
    return action === 'notice_per_orig' ? NOTICE : LOG;
  }
}

/** Whether `key` was recorded less than `interval` seconds before `now`; forgets older ones. */
function isLive(map: Map<string, number>, key: string, now: number, interval: number): boolean {
  const at = map.get(key);
  if (at === undefined) return false;
  if (now - at < interval) return true;
  map.delete(key);
  return false;
}

/** The connection's or flow's identity, or "" for weirds tied to neither. */
function identifierOf(w: WeirdInfo): string {
  if (w.origH === undefined) return '';
  if (w.uid === undefined) return `${w.origH}>${w.respH}`;
  return `${w.origH}:${w.origP}>${w.respH}:${w.respP}`;
}

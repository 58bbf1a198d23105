/**
 * Community ID settings, from the configuration's `community_id` section.
 */
import { ConfigError } from '../../config/config-error.js';
import type { WirelogConfig } from '../../config/config.js';
import type { CommunityIdOptions } from './community-id.js';

/** The seed is a 16-bit number in the hash input. */
const MAX_SEED = 0xffff;

export interface CommunityIdLogOptions extends CommunityIdOptions {
  /** Append the `community_id` column to the connection logs. */
  readonly enabled: boolean;
}

export function communityIdOptionsFrom(config: WirelogConfig): CommunityIdLogOptions {
  const c = config.community_id;
  if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed > MAX_SEED) {
    throw new ConfigError(`community_id.seed: must be an integer from 0 to ${MAX_SEED}`);
  }
  return { enabled: c.enabled, seed: c.seed, base64: c.base64 };
}

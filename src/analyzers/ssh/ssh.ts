/**
 * The SSH analyzer's registration: TCP port 22, and any TCP connection whose first payload
 * is an SSH identification string (`SSH-1.` or `SSH-2.`, as Zeek's signature matches it),
 * so SSH on other ports is found too.
 */
import type { AnalyzerSpec } from '../analyzer.js';
import { SshAnalyzer } from './ssh-analyzer.js';
import { DEFAULT_SSH_LIMITS, sshLimitsFrom, type SshLimits } from './ssh-options.js';

/** `SSH-1.` or `SSH-2.`, any letter case, at the start of the payload. */
export function looksLikeSsh(data: Uint8Array): boolean {
  if (data.length < 6) return false;
  const upper = (i: number) => data[i] & ~0x20;
  return upper(0) === 0x53 && upper(1) === 0x53 && upper(2) === 0x48 && data[3] === 0x2d &&
    (data[4] === 0x31 || data[4] === 0x32) && data[5] === 0x2e;
}

/** The SSH analyzer spec with the given limits. */
export function sshAnalyzerSpec(limits: SshLimits = DEFAULT_SSH_LIMITS): AnalyzerSpec {
  return {
    name: 'SSH',
    script: 'base/protocols/ssh',
    transports: ['tcp'],
    ports: { tcp: [22] },
    detect: (data, _isOrig, transport) => transport === 'tcp' && looksLikeSsh(data),
    configure: (config) => sshAnalyzerSpec(sshLimitsFrom(config)),
    create: (ctx) => new SshAnalyzer(ctx, limits),
  };
}

export const SSH_ANALYZER: AnalyzerSpec = sshAnalyzerSpec();

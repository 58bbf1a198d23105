/**
 * Which analysis runs, chosen the way Zeek chooses scripts: without `-b` everything runs; with
 * `-b` only what the command line names (a package such as `base/protocols/http` loads that
 * protocol). Scripts that load others pull them in, as their Zeek counterparts do.
 */

import { PROTOCOL_SCRIPT_PORTS } from './analyzers/well-known-ports.js';

/** Scripts that bring others with them (their `@load`s). */
const IMPLIED: Readonly<Record<string, readonly string[]>> = {
  'base/protocols/http': ['base/frameworks/tunnels'],
  'base/protocols/socks': ['base/frameworks/tunnels'],
};

/**
 * The Zeek scripts wirelog has a counterpart for: the ones the pipeline asks about, and those of
 * protocols whose only effect here is registering their server ports. Tunnel decapsulation runs
 * always, so base/protocols/tunnels has nothing to switch.
 */
export const KNOWN_SCRIPTS: readonly string[] = [
  // Zeek's default and bare script sets: everything, and the core without protocols.
  'base/init-default',
  'base/init-bare',
  'base/files/hash',
  'base/files/x509',
  'base/frameworks/files',
  'base/frameworks/notice',
  'base/frameworks/packet-filter',
  'base/frameworks/tunnels',
  'base/protocols/conn',
  'base/protocols/tunnels',
  // Its column is switched by community_id.enabled in the configuration.
  'policy/protocols/conn/community-id-logging',
  ...Object.keys(PROTOCOL_SCRIPT_PORTS),
];

export class ScriptSelection {
  private readonly named: ReadonlySet<string>;

  /** Only the named scripts run (Zeek's bare mode). */
  readonly bare: boolean;

  constructor(bare: boolean, scripts: readonly string[]) {
    const all = new Set<string>();
    for (const s of scripts) {
      const name = s.replace(/\.zeek$/, '').replace(/\/(main|__load__)$/, '');
      all.add(name);
      for (const extra of IMPLIED[name] ?? []) all.add(extra);
    }
    this.named = all;
    // Naming Zeek's default set in bare mode loads what a default run loads.
    this.bare = bare && !all.has('base/init-default');
  }

  /**
   * Named scripts that match no script wirelog knows, neither as a whole nor as a folder or
   * file of one (`base/protocols/ftp/main` is `base/protocols/ftp`; `base/protocols` holds all).
   */
  unknown(): string[] {
    const related = (s: string, k: string) =>
      s === k || k.startsWith(s + '/') || s.startsWith(k + '/');
    return [...this.named].filter((s) => !KNOWN_SCRIPTS.some((k) => related(s, k)));
  }

  /** Whether `script` (e.g. `base/protocols/conn`) runs. */
  loads(script: string): boolean {
    if (!this.bare) return true;
    for (const s of this.named) {
      if (s === script || script.startsWith(s + '/')) return true;
    }
    return false;
  }

  /**
   * weird.log comes with the notice framework, which every protocol script except conn's
   * loads; in bare mode with only conn.log, Zeek writes no weird.log.
   */
  loadsWeirdLog(): boolean {
    if (!this.bare) return true;
    for (const s of this.named) {
      if (s.startsWith('base/frameworks/notice')) return true;
      if (s.startsWith('base/protocols/') && s !== 'base/protocols/conn') return true;
    }
    return false;
  }
}

/**
 * Two network namespaces joined by a veth pair, created for one test and removed after it.
 * Every address lives inside these namespaces only: traffic between them never reaches the
 * host's interfaces or any other network.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface NamespaceEnd {
  /** Network namespace name (`ip netns`). */
  readonly ns: string;
  /** This end's veth interface, inside `ns`. */
  readonly iface: string;
  /** Its IPv4 address (without the prefix length). */
  readonly addr: string;
}

export interface NamespacePair {
  readonly capture: NamespaceEnd;
  readonly peer: NamespaceEnd;
  /** Deletes both namespaces (which deletes the veth pair too). Safe to call twice. */
  remove(): void;
}

/** Why live tests cannot run here, or undefined when they can (root and `ip netns`). */
export function whyNoNamespaces(): string | undefined {
  if (process.getuid?.() !== 0) return 'live capture tests need root (CI runs them as root)';
  const probe = spawnSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) return '`ip netns` is not available';
  return undefined;
}

let pairs = 0;

/** Creates a fresh pair with names unique to this process; removes what it made on failure. */
export function createNamespacePair(): NamespacePair {
  const tag = `wl${process.pid}x${pairs++}`;
  const capture = { ns: `${tag}-cap`, iface: `${tag}c`, addr: '10.77.0.1' };
  const peer = { ns: `${tag}-peer`, iface: `${tag}p`, addr: '10.77.0.2' };
  const remove = () => {
    for (const end of [capture, peer]) {
      spawnSync('ip', ['netns', 'del', end.ns], { stdio: 'ignore' });
    }
  };

  try {
    ip('netns', 'add', capture.ns);
    ip('netns', 'add', peer.ns);
    ip('link', 'add', capture.iface, 'netns', capture.ns, 'type', 'veth',
      'peer', 'name', peer.iface, 'netns', peer.ns);
    for (const end of [capture, peer]) {
      ip('-n', end.ns, 'addr', 'add', `${end.addr}/24`, 'dev', end.iface);
      ip('-n', end.ns, 'link', 'set', end.iface, 'up');
    }
  } catch (err) {
    remove();
    throw err;
  }
  return { capture, peer, remove };
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

import type { WeirdReporter } from '../../events/weird-reporter.js';

/**
 * The weird reporter of packets inside tunnels. Zeek names a packet-level weird of a
 * tunnelled packet `<name>_in_tunnel`, so that damage inside a tunnel can be told apart from
 * damage on the wire; connection weirds keep their names. Inside Teredo, an IPv6 header
 * without a next header is a bubble, not an error, so `ipv6_no_next` is not reported there.
 */
export class InTunnelReporter implements WeirdReporter {
  /** Set while the innermost tunnel of the packet being decoded is Teredo. */
  insideTeredo = false;

  constructor(private readonly target: WeirdReporter) {}

  netWeird(name: string, ts: number, addl?: string, source?: string): void {
    this.target.netWeird(`${name}_in_tunnel`, ts, addl, source);
  }

  flowWeird(
    name: string, ts: number, src: string, dst: string, addl?: string, source?: string,
  ): void {
    if (this.insideTeredo && name === 'ipv6_no_next') return;
    this.target.flowWeird(`${name}_in_tunnel`, ts, src, dst, addl, source);
  }
}

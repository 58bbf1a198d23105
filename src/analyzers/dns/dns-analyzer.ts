/**
 * The DNS analyzer: one per connection on Zeek's DNS ports. UDP datagrams are one message
 * each; TCP streams are framed by length per direction. A UDP "connection" is expired after
 * a short idle time, as Zeek's DNS analyzer does, so a resolver's later queries from the
 * same port start a new connection (and a new uid).
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';
import { DnsInterpreter } from './dns-interpreter.js';
import { DEFAULT_DNS_LIMITS, type DnsLimits } from './dns-limits.js';
import { DnsTcpFramer } from './dns-tcp-framing.js';

/**
 * Zeek checks idleness one second short of the timeout, so that a query and its reply
 * within a second expire at the first check instead of the second.
 */
const EXPIRY_SLACK_SECONDS = 1;

/** Zeek's DNS ports (DNS::ports), NetBIOS name service (137) and LLMNR (5355) included. */
const DNS_PORTS = { tcp: [53], udp: [53, 137, 5353, 5355] } as const;

class DnsAnalyzer implements Analyzer {
  private readonly interp: DnsInterpreter;
  private readonly framers: { orig: DnsTcpFramer; resp: DnsTcpFramer } | undefined;

  constructor(private readonly ctx: AnalyzerContext, private readonly limits: DnsLimits) {
    this.interp = new DnsInterpreter(ctx, limits);
    if (ctx.conn.proto === 'tcp') {
      this.framers = {
        orig: new DnsTcpFramer((m) => this.interp.parseMessage(m, 'orig')),
        resp: new DnsTcpFramer((m) => this.interp.parseMessage(m, 'resp')),
      };
    } else {
      this.framers = undefined;
      this.armExpiry(ctx.now() + limits.sessionTimeout);
    }
  }

  deliverPacket(isOrig: boolean, data: Uint8Array): void {
    if (this.framers !== undefined) return;
    this.interp.parseMessage(data, isOrig ? 'orig' : 'resp');
  }

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    this.framers?.[isOrig ? 'orig' : 'resp'].push(data);
  }

  /** A direction closed: a message left unfinished in it is parsed for what it holds. */
  endOfData(isOrig: boolean): void {
    const partial = this.framers?.[isOrig ? 'orig' : 'resp'].partial();
    if (partial !== undefined) this.interp.parseMessage(partial, 'unknown');
  }

  private armExpiry(due: number): void {
    this.ctx.schedule(due, (now) => this.expiryCheck(now));
  }

  private expiryCheck(now: number): void {
    const idle = now - this.ctx.conn.lastTime;
    if (idle >= this.limits.sessionTimeout - EXPIRY_SLACK_SECONDS) this.ctx.expire();
    else this.armExpiry(now + this.limits.sessionTimeout);
  }
}

/** The DNS analyzer spec with the given limits (the registry uses the defaults). */
export function dnsAnalyzerSpec(limits: DnsLimits = DEFAULT_DNS_LIMITS): AnalyzerSpec {
  return {
    name: 'DNS',
    script: 'base/protocols/dns',
    transports: ['tcp', 'udp'],
    ports: DNS_PORTS,
    create: (ctx) => new DnsAnalyzer(ctx, limits),
  };
}

export const DNS_ANALYZER: AnalyzerSpec = dnsAnalyzerSpec();

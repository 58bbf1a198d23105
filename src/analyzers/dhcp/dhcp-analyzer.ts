/**
 * The DHCP analyzer (UDP 67, 68 and 4011): parses each datagram and raises `dhcp_message`. A
 * single message confirms the protocol, since a DHCP "connection" often holds only one.
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';
import type { DhcpFlowState } from './dhcp-options.js';
import { DHCP_COOKIE, parseDhcp } from './dhcp-parser.js';

export const DHCP_SERVER_PORTS = [67, 4011];
export const DHCP_CLIENT_PORT = 68;
/** The cookie follows the 236-byte BOOTP header (Zeek's dhcp_cookie signature). */
const COOKIE_OFFSET = 236;

export const DHCP_ANALYZER: AnalyzerSpec = {
  name: 'DHCP',
  script: 'base/protocols/dhcp',
  transports: ['udp'],
  ports: { udp: [...DHCP_SERVER_PORTS, DHCP_CLIENT_PORT] },
  detect: (data) => hasCookie(data),
  create: (ctx) => new DhcpAnalyzer(ctx),
};

function hasCookie(data: Uint8Array): boolean {
  if (data.length < COOKIE_OFFSET + 4) return false;
  const view = new DataView(data.buffer, data.byteOffset + COOKIE_OFFSET, 4);
  return view.getUint32(0) === DHCP_COOKIE;
}

class DhcpAnalyzer implements Analyzer {
  /** Per-direction parse state (orig, resp). */
  private readonly flows: DhcpFlowState[] = [{ relaySumLength: 0 }, { relaySumLength: 0 }];

  constructor(private readonly ctx: AnalyzerContext) {}

  deliverPacket(isOrig: boolean, data: Uint8Array): void {
    const parsed = parseDhcp(data, this.flows[isOrig ? 0 : 1]);
    if (!parsed.ok) {
      this.ctx.violation(parsed.reason);
      return;
    }

    if (parsed.problem !== undefined) this.ctx.violation(parsed.problem);
    this.ctx.events.emit('dhcp_message', this.ctx.conn, isOrig, parsed.message, parsed.options);
    this.ctx.confirm();
  }
}

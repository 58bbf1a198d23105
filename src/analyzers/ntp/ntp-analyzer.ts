/**
 * The NTP analyzer (UDP 123): parses each datagram, confirms the protocol on the first one
 * that parses, and raises `ntp_message`. A server-mode message from the originator, or a
 * client-mode message from the responder, means the capture started with the reply: the
 * connection's roles are flipped once per direction, as Zeek does.
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';
import { NtpMode, type NtpMessage } from './ntp-message.js';
import { parseNtp } from './ntp-parser.js';

export const NTP_PORT = 123;

export const NTP_ANALYZER: AnalyzerSpec = {
  name: 'NTP',
  script: 'base/protocols/ntp',
  transports: ['udp'],
  ports: { udp: [NTP_PORT] },
  create: (ctx) => new NtpAnalyzer(ctx),
};

class NtpAnalyzer implements Analyzer {
  /** Whether a flip was already made from each direction's messages (orig, resp). */
  private readonly flipped = [false, false];

  constructor(private readonly ctx: AnalyzerContext) {}

  deliverPacket(isOrig: boolean, data: Uint8Array): void {
    const parsed = parseNtp(data);
    if (!parsed.ok) {
      this.ctx.violation(parsed.reason);
      return;
    }

    this.ctx.confirm();
    if (this.isReversed(isOrig, parsed.value)) this.flip(isOrig);
    this.ctx.events.emit('ntp_message', this.ctx.conn, isOrig, parsed.value);
  }

  private isReversed(isOrig: boolean, msg: NtpMessage): boolean {
    const side = isOrig ? 0 : 1;
    if (this.flipped[side]) return false;
    return (msg.mode === NtpMode.server && isOrig) || (msg.mode === NtpMode.client && !isOrig);
  }

  /**
   * The event still carries the direction the datagram arrived as, and this datagram stays
   * counted on that side, as in Zeek.
   */
  private flip(isOrig: boolean): void {
    this.flipped[isOrig ? 0 : 1] = true;
    this.ctx.flipRoles();
  }
}

/**
 * The analyzer of a DCC SEND data connection (attached when an IRC session announced it): the
 * responder sends the file, the originator acknowledges received bytes as 32-bit big-endian
 * totals. Until the files framework carries these transfers, the file's start is reported as
 * `irc_dcc_file_sniffed`, when Zeek would sniff its type.
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';

export const IRC_DATA_ANALYZER_NAME = 'IRC_DATA';
/** Bytes of a file Zeek buffers before sniffing its type (default_file_bof_buffer_size). */
export const FILE_SNIFF_BYTES = 4096;
const ACK_BYTES = 4;

export const IRC_DATA_ANALYZER: AnalyzerSpec = {
  name: IRC_DATA_ANALYZER_NAME,
  script: 'base/protocols/irc',
  transports: ['tcp'],
  create: (ctx) => new IrcDataAnalyzer(ctx),
};

class IrcDataAnalyzer implements Analyzer {
  private fileBytes = 0;
  private sniffed = false;

  constructor(private readonly ctx: AnalyzerContext) {}

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (isOrig) return this.acks(data);
    this.fileBytes += data.length;
    if (this.fileBytes >= FILE_SNIFF_BYTES) this.sniff();
  }

  endOfData(isOrig: boolean): void {
    if (!isOrig && this.fileBytes > 0) this.sniff();
  }

  done(): void {
    if (this.fileBytes > 0) this.sniff();
  }

  private acks(data: Uint8Array): void {
    if (data.length % ACK_BYTES !== 0) return this.ctx.weird('irc_invalid_dcc_send_ack');
    if (!this.ctx.events.has('irc_dcc_send_ack')) return;
    const view = new DataView(data.buffer, data.byteOffset, data.length);
    for (let i = 0; i < data.length; i += ACK_BYTES) {
      this.ctx.events.emit('irc_dcc_send_ack', this.ctx.conn, view.getUint32(i));
    }
  }

  private sniff(): void {
    if (this.sniffed) return;
    this.sniffed = true;
    this.ctx.events.emit('irc_dcc_file_sniffed', this.ctx.conn, undefined);
  }
}

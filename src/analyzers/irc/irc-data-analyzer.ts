/**
 * The analyzer of a DCC SEND data connection (attached when an IRC session announced it): the
 * responder sends the file, which goes to the files framework; the originator acknowledges
 * received bytes as 32-bit big-endian totals.
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';
import type { FileHandle } from '../files/file-manager.js';
import { fileManagerFor } from '../files/file-service.js';

export const IRC_DATA_ANALYZER_NAME = 'IRC_DATA';
const ACK_BYTES = 4;

export const IRC_DATA_ANALYZER: AnalyzerSpec = {
  name: IRC_DATA_ANALYZER_NAME,
  script: 'base/protocols/irc',
  transports: ['tcp'],
  create: (ctx) => new IrcDataAnalyzer(ctx),
};

class IrcDataAnalyzer implements Analyzer {
  private file: FileHandle | undefined;

  constructor(private readonly ctx: AnalyzerContext) {}

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (isOrig) return this.acks(data);
    this.openFile()?.data(data);
  }

  gap(isOrig: boolean, length: number): void {
    if (!isOrig) this.openFile()?.gap(length);
  }

  endOfData(isOrig: boolean): void {
    if (!isOrig) this.file?.end();
  }

  done(): void {
    this.file?.end();
  }

  /** The transferred file, opened on its first bytes (none without the files framework). */
  private openFile(): FileHandle | undefined {
    if (this.file !== undefined) return this.file;
    const manager = fileManagerFor(this.ctx.events);
    this.file = manager?.start(this.ctx.conn, false, IRC_DATA_ANALYZER_NAME, () => this.ctx.now());
    return this.file;
  }

  private acks(data: Uint8Array): void {
    if (data.length % ACK_BYTES !== 0) return this.ctx.weird('irc_invalid_dcc_send_ack');
    if (!this.ctx.events.has('irc_dcc_send_ack')) return;
    const view = new DataView(data.buffer, data.byteOffset, data.length);
    for (let i = 0; i < data.length; i += ACK_BYTES) {
      this.ctx.events.emit('irc_dcc_send_ack', this.ctx.conn, view.getUint32(i));
    }
  }
}

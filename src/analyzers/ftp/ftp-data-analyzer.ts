/**
 * The analyzer of an FTP data connection, attached when the control session announced it
 * (Zeek's FTP_DATA, a file analyzer): each direction's bytes are one file for the files
 * framework. Files end when the connection is removed, not at FIN, as Zeek's end at the
 * analyzer's Done. The first 1024 bytes of the connection are also identified on their own,
 * once that many arrived or at removal, and reported as `file_transferred`, which is how
 * ftp.log learns a MIME type before the file's own sniffing.
 */
import type { Analyzer, AnalyzerContext, AnalyzerSpec } from '../analyzer.js';
import type { FileHandle } from '../files/file-manager.js';
import { fileManagerFor } from '../files/file-service.js';
import { sniffMimeType } from '../files/mime-signatures.js';

export const FTP_DATA_ANALYZER_NAME = 'FTP_DATA';
/** Bytes identified for `file_transferred`: Zeek's fixed buffer of its file analyzer. */
const IDENTIFY_BYTES = 1024;
const UNKNOWN = '<unknown>';

export const FTP_DATA_ANALYZER: AnalyzerSpec = {
  name: FTP_DATA_ANALYZER_NAME,
  script: 'base/protocols/ftp',
  transports: ['tcp'],
  create: (ctx) => new FtpDataAnalyzer(ctx),
};

class FtpDataAnalyzer implements Analyzer {
  /** The file of each direction: [responder's, originator's]. */
  private readonly files: [FileHandle | undefined, FileHandle | undefined] = [
    undefined,
    undefined,
  ];
  private readonly head = Buffer.alloc(IDENTIFY_BYTES);
  private headBytes = 0;
  private identified = false;

  constructor(private readonly ctx: AnalyzerContext) {}

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    this.keepHead(data);
    this.file(isOrig)?.data(data);
  }

  gap(isOrig: boolean, length: number): void {
    this.file(isOrig)?.gap(length);
  }

  done(): void {
    if (this.headBytes > 0 && !this.identified) this.identify();
    this.files[1]?.end();
    this.files[0]?.end();
  }

  /** The file of one direction, opened on its first bytes (none without the files framework). */
  private file(isOrig: boolean): FileHandle | undefined {
    const k = isOrig ? 1 : 0;
    const open = this.files[k];
    if (open !== undefined) return open;
    const manager = fileManagerFor(this.ctx.events);
    const handle = manager?.start(this.ctx.conn, isOrig, FTP_DATA_ANALYZER_NAME, () =>
      this.ctx.now(),
    );
    this.files[k] = handle;
    return handle;
  }

  private keepHead(data: Uint8Array): void {
    if (this.identified) return;
    const n = Math.min(data.length, IDENTIFY_BYTES - this.headBytes);
    this.head.set(data.subarray(0, n), this.headBytes);
    this.headBytes += n;
    if (this.headBytes === IDENTIFY_BYTES) this.identify();
  }

  private identify(): void {
    this.identified = true;
    const prefix = this.head.subarray(0, this.headBytes);
    const mimeType = sniffMimeType(prefix) ?? UNKNOWN;
    this.ctx.events.emit('file_transferred', this.ctx.conn, prefix, UNKNOWN, mimeType);
  }
}

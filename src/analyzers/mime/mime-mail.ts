/**
 * A mail message carried by a protocol (SMTP's DATA or BDAT): its lines go through a MIME
 * entity tree, entity boundaries and header fields become `mime_*` events, and the decoded
 * body of each leaf entity becomes one file of the files framework (opened on its first byte,
 * so an entity without content makes no file), as Zeek's MIME_Mail does.
 */
import type { AnalyzerContext } from '../analyzer.js';
import type { FileHandle } from '../files/file-manager.js';
import { fileManagerFor } from '../files/file-service.js';
import { MimeEntity } from './mime-entity.js';
import type { MimeHeader } from './mime-header.js';
import type { MimeEventKind, MimeMessage } from './mime-message.js';
import type { MimeOptions } from './mime-options.js';

export class MimeMail implements MimeMessage {
  private readonly top: MimeEntity;
  /** The file of the current entity, once it has content. */
  private file: FileHandle | undefined;

  constructor(
    private readonly ctx: AnalyzerContext,
    /** Which side sends the mail. */
    private readonly isOrig: boolean,
    /** The analyzer named as the files' source (`SMTP`). */
    private readonly source: string,
    options: MimeOptions,
  ) {
    this.top = new MimeEntity(this, undefined, options);
    this.beginEntity();
  }

  /** One line of the message, without its line end. */
  deliver(line: Uint8Array, trailingCrlf: boolean): void {
    this.top.deliver(line, trailingCrlf);
  }

  /** `length` bytes of the message were lost: the current entity's file records a gap. */
  undelivered(length: number): void {
    this.openFile()?.gap(length);
  }

  /** The message ended: every open entity ends, innermost first. */
  done(): void {
    this.top.endOfData();
  }

  beginEntity(): void {
    this.file = undefined;
    this.ctx.events.emit('mime_begin_entity', this.ctx.conn);
  }

  endEntity(): void {
    this.ctx.events.emit('mime_end_entity', this.ctx.conn);
    this.file?.end();
    this.file = undefined;
  }

  header(h: MimeHeader): void {
    this.ctx.events.emit('mime_one_header', this.ctx.conn, h);
  }

  data(bytes: Uint8Array): void {
    this.openFile()?.data(bytes);
  }

  event(kind: MimeEventKind, detail: string): void {
    this.ctx.events.emit('mime_event', this.ctx.conn, kind, detail);
  }

  weird(name: string, addl?: string): void {
    this.ctx.weird(name, addl);
  }

  limitReached(name: string, value: number): void {
    this.ctx.weird(name, String(value));
    this.ctx.partial();
  }

  private openFile(): FileHandle | undefined {
    if (this.file !== undefined) return this.file;
    const { conn, events } = this.ctx;
    this.file = fileManagerFor(events)?.start(conn, this.isOrig, this.source, () => this.ctx.now());
    return this.file;
  }
}

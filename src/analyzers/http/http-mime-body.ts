/**
 * The body of an HTTP message whose Content-Type is multipart/* or message/*, read as Zeek's
 * HTTP_Entity reads it (an HTTP entity is a MIME entity there): body lines go through the MIME
 * parser, each part is an entity of its own (http_begin_entity, http_header and
 * http_end_entity in the message's direction), and each part's decoded content is one file,
 * opened on its first byte and ended with the part. A part of a 206 reply
 * (multipart/byteranges) goes to the offset its Content-Range names, and its file stays open
 * for more ranges; when the request had a Range header, all parts go to the one file of the
 * URL (the file handle, see rangeFileHandle), else each part is a file of its own, as in Zeek.
 * A part's body is read with only CRLF ending lines, so lone CR and LF bytes of uploaded
 * content stay in the file.
 */
import type { FileHandle } from '../files/file-manager.js';
import { parseContentRange } from './http-content-range.js';
import { MimeEntity } from '../mime/mime-entity.js';
import type { MimeHeader } from '../mime/mime-header.js';
import type { MimeEventKind, MimeMessage } from '../mime/mime-message.js';
import type { HttpMessageHost } from './http-message-host.js';

export class HttpMimeBody implements MimeMessage {
  private readonly top: MimeEntity;
  /** The file of the current part, once it has content. */
  private file: FileHandle | undefined;
  /** Entities open below the top one (the current part and the entities around it). */
  private openParts = 0;
  /** A 206 reply: its parts are ranges, whose files stay open after the part. */
  private readonly ranged: boolean;
  /** Where the current part's next byte goes in that file (-1: no Content-Range, append). */
  private rangeOffset = -1;
  /** The whole file's size per the current part's Content-Range (-1: unknown). */
  private instanceLength = -1;

  /**
   * Reads the top-level Content-Type and Content-Transfer-Encoding fields (in order) of an
   * HTTP message; `topEnded` runs when the body's own structure ends it (its closing boundary).
   * Undefined when the body has no entities of its own (not multipart or message/*, or a
   * multipart type without a boundary, which Zeek reads as application/octet-stream).
   */
  static open(
    host: HttpMessageHost,
    isOrig: boolean,
    fields: readonly MimeHeader[],
    topEnded: () => void,
  ): HttpMimeBody | undefined {
    const body = new HttpMimeBody(host, isOrig, topEnded);
    for (const h of fields) body.top.applyHeader(h);
    return body.top.hasChildren ? body : undefined;
  }

  private constructor(
    private readonly host: HttpMessageHost,
    private readonly isOrig: boolean,
    private readonly topEnded: () => void,
  ) {
    this.ranged = !isOrig && host.replyCode() === 206;
    const { options } = host;
    this.top = new MimeEntity(this, undefined, {
      maxDepth: options.mimeMaxDepth,
      maxHeaderBytes: options.maxHeaderBytes,
      maxEntities: options.maxMimeEntities,
    });
  }

  /** The message's header block ended and its body follows. */
  start(): void {
    this.top.startBody();
  }

  /** One line of the (de-chunked, decompressed) body, or bytes without a line end. */
  deliver(data: Uint8Array, isLine: boolean): void {
    this.top.deliver(data, isLine);
  }

  /** The message ended: open parts end, innermost first, then the top entity. */
  end(): void {
    this.top.endOfData();
  }

  /**
   * `length` bytes were lost. Inside a part its file records the gap and the message cannot
   * go on (Zeek's part entities have no framing to resync with): false. True when no part is
   * open, so the message's own framing decides.
   */
  undelivered(length: number): boolean {
    if (this.openParts === 0) return true;
    this.file?.gap(length);
    return false;
  }

  beginEntity(): void {
    this.openParts++;
    this.rangeOffset = -1;
    this.instanceLength = -1;
    this.file = undefined;
    this.host.events.emit('http_begin_entity', this.host.conn, this.isOrig);
  }

  endEntity(isPart: boolean): void {
    if (this.openParts === 0) {
      this.topEnded();
      return;
    }
    this.openParts--;
    if (isPart) this.host.setCrlfOnly(this.isOrig, false);
    this.host.events.emit('http_end_entity', this.host.conn, this.isOrig);
    if (!this.ranged) this.file?.end();
    this.file = undefined;
  }

  headersDone(isPart: boolean): void {
    if (isPart) this.host.setCrlfOnly(this.isOrig, true);
  }

  /** A part's header field: HTTP's own checks, then http_header as for the message's. */
  header(h: MimeHeader): void {
    if (h.name === 'TRANSFER-ENCODING') this.host.weird('HTTP_nested_transfer_encoding_header');
    if (h.name === 'CONTENT-RANGE' && this.ranged) this.onContentRange(h.value);
    this.host.header(this.isOrig, {
      name: Buffer.from(h.originalName, 'latin1'),
      upperName: h.name,
      value: Buffer.from(h.value, 'latin1'),
    });
  }

  data(bytes: Uint8Array): void {
    const size = this.instanceLength > 0 ? this.instanceLength : undefined;
    if (this.file === undefined) this.file = this.host.startFile(this.isOrig, size);
    else if (size !== undefined) this.file.setSize(size);
    if (this.rangeOffset < 0) {
      this.file?.data(bytes);
      return;
    }
    this.file?.dataAt(this.rangeOffset, bytes);
    this.rangeOffset += bytes.length;
  }

  /** A byteranges part's place in the whole file. */
  private onContentRange(value: string): void {
    const { range, weird } = parseContentRange(Buffer.from(value, 'latin1'));
    if (weird !== undefined) this.host.weird(weird.name, weird.addl);
    if (range === undefined) return;
    this.rangeOffset = range.first;
    this.instanceLength = range.instanceLength;
  }

  event(kind: MimeEventKind, detail: string): void {
    this.host.httpEvent(kind, Buffer.from(detail, 'latin1'));
  }

  weird(name: string, addl?: string): void {
    this.host.weird(name, addl);
  }

  limitReached(name: string, value: number, limit?: number): void {
    this.host.weird(name, limit === undefined ? String(value) : `${value}/${limit}`);
    this.host.partial();
  }
}

/**
 * One HTTP message (request or reply) after its first line: the header block, then the body
 * framed by Content-Length, chunked transfer coding, or the end of the connection, as Zeek's
 * HTTP_Message and HTTP_Entity frame it. The body is decoded (chunks, gzip/deflate), counted,
 * and handed to the files framework as one file; a multipart or message/* body goes through
 * the MIME parser instead, each part its own file (http-mime-body.ts).
 */
import type { FileHandle } from '../files/file-manager.js';
import { MimeHeader } from '../mime/mime-header.js';
import { wireText } from '../wire-text.js';
import { equalsIgnoreCase, latin1 } from './http-bytes.js';
import { parseContentRange } from './http-content-range.js';
import { HttpDecompressor, type ContentEncoding } from './http-decompressor.js';
import { parseHeader, valueToken, type HttpHeader } from './http-header.js';
import type { HttpMessageHost } from './http-message-host.js';
import { HttpMimeBody } from './http-mime-body.js';
import type { HttpMessageStat } from './http-message-stat.js';
import { readInt64Prefix } from './http-number.js';
import { sameVersion } from './http-version.js';
import { copyBytes } from '../../stages/copy-bytes.js';

/** Whether a body may follow the headers (Zeek's HTTP_BODY_*). */
export type BodyExpectation = 'not-expected' | 'expected' | 'maybe';

type ChunkState = 'none' | 'before' | 'size' | 'data' | 'data-crlf' | 'trailer' | 'nothing';

const CRLF = Uint8Array.of(0x0d, 0x0a);

export class HttpMessage {
  /** Whether the message ended (normally or not). */
  finished = false;
  private inHeader = true;
  private endOfData = false;
  private headerLines: Uint8Array[] | undefined;
  private headerLineBytes = 0;
  private readonly headers: HttpHeader[] = [];
  private headerCount = 0;
  private chunkState: ChunkState = 'none';
  private contentLength = -1;
  private expectDataLength = 0;
  private encoding: ContentEncoding | undefined;
  private expect100 = false;
  private bodyLength = 0;
  private headerLength: number;
  private contentGapLength = 0;
  private readonly startTime: number;
  private file: FileHandle | undefined;
  /** A 206 reply's body is a range of a larger file (Content-Range), placed at `fileOffset`. */
  private partialContent = false;
  /** Where the next body byte goes in the file, for a partial content body. */
  private fileOffset = 0;
  /** Bytes the Content-Range covers (-1: none). */
  private rangeLength = -1;
  /** Size of the whole file per Content-Range (-1: unknown, 0: unreadable). */
  private instanceLength = -1;
  private decompressor: HttpDecompressor | undefined;
  /** Content-Type and Content-Transfer-Encoding fields, in order: they say if the body is MIME. */
  private readonly mimeFields: MimeHeader[] = [];
  /** The body as MIME entities, when it is multipart or message/*. */
  private mime: HttpMimeBody | undefined;

  constructor(
    private readonly host: HttpMessageHost,
    readonly isOrig: boolean,
    private readonly expectBody: BodyExpectation,
    /** Bytes of the first line, counted in the header length. */
    firstLineLength: number,
  ) {
    this.startTime = host.now();
    this.headerLength = firstLineLength;
    host.events.emit('http_begin_entity', host.conn, isOrig);
  }

  /** A line (`isLine`) or plainly delivered bytes of this message. */
  deliver(data: Uint8Array, isLine: boolean): void {
    if (this.endOfData) {
      this.host.httpEvent('illegal format', bytesOf('data trailing the end of entity'));
      return;
    }
    if (this.inHeader) {
      this.deliverHeaderLine(data, isLine);
      return;
    }
    if (this.mime !== undefined) this.deliverMime(data, isLine);
    else if (this.chunkState !== 'none') this.deliverChunked(data, isLine);
    else if (this.contentLength >= 0) this.deliverSized(data);
    else this.deliverBody(data, isLine);
  }

  /**
   * `length` bytes of this direction were never seen. True when they fall inside the body,
   * so parsing can go on after them.
   */
  undelivered(length: number): boolean {
    if ((this.endOfData && this.inHeader) || this.bodyLength === 0) return false;
    if (this.mime !== undefined && !this.mime.undelivered(length)) return false;
    // Zeek places the gap at the body length even in a range; the file settles it from there.
    this.file?.gap(length, this.bodyLength);
    if (this.partialContent) this.fileOffset += length;
    const inChunk = this.chunkState === 'data';
    const sized = this.chunkState === 'none' && this.contentLength >= 0;
    if (!(inChunk || sized) || this.expectDataLength < length) return false;

    this.bodyLength += length;
    this.contentGapLength += length;
    this.expectDataLength -= length;
    this.host.setPlainDelivery(this.isOrig, this.expectDataLength);
    if (inChunk && this.expectDataLength === 0) this.chunkState = 'data-crlf';
    if (sized && this.expectDataLength <= 0) this.finishEntity();
    return true;
  }

  /** Ends the message: the rest of the entity, its file, and http_message_done. */
  done(interrupted: boolean, detail: string): void {
    if (this.finished) return;
    this.finished = true;
    this.finishEntity();
    if (this.isOrig || this.host.replyCode() !== 206) this.file?.end();
    this.host.events.emit('http_message_done', this.host.conn, this.isOrig, this.stat(interrupted,
      detail));
    this.host.messageDone(this.isOrig);
  }

  /** Ends the file without ending the message (the analyzer is going away). */
  endFile(): void {
    this.file?.end();
  }

  private stat(interrupted: boolean, finishMsg: string): HttpMessageStat {
    return {
      start: this.startTime, interrupted, finishMsg, bodyLength: this.bodyLength,
      contentGapLength: this.contentGapLength, headerLength: this.headerLength,
    };
  }

  // --- Header block ---

  private deliverHeaderLine(line: Uint8Array, isLine: boolean): void {
    if (!isLine) this.host.weird('http_no_crlf_in_header_list');
    this.headerLength += line.length;
    if (line.length === 0 || line[0] === 0) {
      this.finishHeader();
      this.inHeader = false;
      this.submitAllHeaders();
    } else if (line[0] === 0x20 || line[0] === 0x09) {
      this.continueHeader(line);
    } else {
      this.newHeader(line);
    }
  }

  private newHeader(line: Uint8Array): void {
    this.finishHeader();
    this.headerLines = [copyBytes(line)];
    this.headerLineBytes = line.length;
  }

  private continueHeader(line: Uint8Array): void {
    if (this.headerLines === undefined) {
      this.host.httpEvent('illegal format',
        bytesOf('first header line starts with linear whitespace'));
      let ws = 0;
      while (ws < line.length && (line[ws] === 0x20 || line[ws] === 0x09)) ws++;
      if (ws < line.length) this.newHeader(line.subarray(ws));
      return;
    }
    const limit = this.host.options.maxHeaderBytes;
    if (limit > 0 && this.headerLineBytes >= limit) {
      this.host.weird('exceeded_mime_max_header_bytes', `${this.headerLineBytes}/${limit}`);
      return;
    }
    this.headerLines.push(copyBytes(line));
    this.headerLineBytes += line.length;
  }

  private finishHeader(): void {
    const lines = this.headerLines;
    if (lines === undefined) return;
    this.headerLines = undefined;
    const field = lines.length === 1 ? lines[0] : Buffer.concat(lines);
    const h = parseHeader(field);
    if (h === undefined || !this.withinHeaderLimit()) return;
    if (lines.length > 1) this.host.weird('HTTP_obsolete_line_folding', latin1(h.name));
    this.interpretHeader(h);
    this.host.header(this.isOrig, h);
    if (this.host.events.has('http_all_headers')) this.headers.push(h);
  }

  /** Counts a header; past the limit it is dropped, with one weird per message. */
  private withinHeaderLimit(): boolean {
    const max = this.host.options.maxHeaders;
    this.headerCount++;
    if (max === 0 || this.headerCount <= max) return true;
    if (this.headerCount === max + 1) {
      this.host.weird('HTTP_too_many_headers', `${this.headerCount}/${max}`);
      this.host.partial();
    }
    return false;
  }

  /** Fields that change how the body is framed or decoded. */
  private interpretHeader(h: HttpHeader): void {
    switch (h.upperName) {
      case 'CONTENT-LENGTH': this.onContentLength(h); break;
      case 'CONTENT-RANGE':
        if (this.host.replyCode() === 206) this.onContentRange(h);
        break;
      case 'TRANSFER-ENCODING': this.onTransferEncoding(h); break;
      case 'CONTENT-ENCODING': this.onContentEncoding(h); break;
      case 'EXPECT': this.onExpect(h); break;
      case 'CONTENT-TYPE':
      case 'CONTENT-TRANSFER-ENCODING': {
        const field = MimeHeader.parse(`${wireText(h.name)}:${wireText(h.value)}`);
        if (field !== undefined) this.mimeFields.push(field);
        break;
      }
    }
  }

  private onContentLength(h: HttpHeader): void {
    if (this.chunkState !== 'none') this.host.weird('HTTP_content_length_and_chunked');
    const tok = valueToken(h.value)?.token;
    if (tok === undefined) return;
    const n = readInt64Prefix(tok, 10);
    if (n === undefined || n < 0) {
      this.host.weird('HTTP_bad_content_length', latin1(tok));
      this.contentLength = 0;
      return;
    }
    if (n > 0 && tok[0] === 0x30) this.host.weird('HTTP_content_length_leading_zeros', latin1(tok));
    this.contentLength = n;
    if (this.partialContent) this.matchRangeLength();
    if (n === 0 && this.expect100) this.host.weird('HTTP_content_length_0_and_expect_100_cont');
  }

  /** A 206 body is bytes `first` on of a file, whose full size may be given. */
  private onContentRange(h: HttpHeader): void {
    if (this.chunkState !== 'none') this.host.weird('HTTP_content_range_and_chunked');
    const { range, weird } = parseContentRange(h.value);
    if (weird !== undefined) this.host.weird(weird.name, weird.addl);
    if (range === undefined) return;

    this.instanceLength = range.instanceLength;
    this.partialContent = true;
    this.fileOffset = range.first;
    this.rangeLength = range.length;
    if (this.contentLength > 0) this.matchRangeLength();
    else this.contentLength = range.length;
  }

  /** Content-Length and Content-Range disagree: the body is framed by the larger of the two. */
  private matchRangeLength(): void {
    if (this.rangeLength === this.contentLength) return;
    this.host.weird('HTTP_range_not_matching_len');
    if (this.rangeLength > this.contentLength) this.contentLength = this.rangeLength;
  }

  private onTransferEncoding(h: HttpHeader): void {
    const tv = valueToken(h.value);
    const v11 = sameVersion(this.host.transferVersion(), { major: 1, minor: 1 });
    if (!equalsIgnoreCase(tv?.token, 'chunked') || !v11) return;
    this.chunkState = 'before';
    if (tv!.rest.length > 0) this.host.weird('HTTP_chunked_multi', latin1(tv!.rest));
    if (this.contentLength >= 0) this.host.weird('HTTP_content_length_and_chunked');
  }

  private onContentEncoding(h: HttpHeader): void {
    const tok = valueToken(h.value)?.token;
    if (equalsIgnoreCase(tok, 'gzip') || equalsIgnoreCase(tok, 'x-gzip')) this.encoding = 'gzip';
    if (equalsIgnoreCase(tok, 'deflate')) this.encoding = 'deflate';
  }

  private onExpect(h: HttpHeader): void {
    const tok = valueToken(h.value)?.token;
    if (!equalsIgnoreCase(tok, '100-continue')) {
      this.host.weird('HTTP_expect_not_100_continue', tok === undefined ? '' : latin1(tok));
    }
    this.expect100 = true;
    if (this.contentLength === 0) this.host.weird('HTTP_content_length_0_and_expect_100_cont');
  }

  /** The header block ended: decide how the body is framed. */
  private submitAllHeaders(): void {
    if (this.chunkState === 'trailer') {
      this.chunkState = 'nothing';
      this.finishEntity();
      return;
    }
    if (this.host.events.has('http_all_headers')) {
      this.host.events.emit('http_all_headers', this.host.conn, this.isOrig, this.headers);
    }
    if (this.expectBody === 'not-expected') {
      this.finishEntity();
    } else if (this.openMime()) {
      this.startMime();
    } else if (this.chunkState !== 'none') {
      this.chunkState = 'size';
    } else if (this.contentLength >= 0) {
      this.startSized();
    } else if (this.host.isConnectionClose() || this.encoding !== undefined) {
      this.expectDataLength = Infinity;
      this.host.setPlainDelivery(this.isOrig, Infinity);
    } else if (this.expectBody !== 'expected') {
      this.finishEntity();
    }
  }

  /** Whether the body is multipart or message/*: its parts are then read as MIME entities. */
  private openMime(): boolean {
    if (this.mimeFields.length === 0) return false;
    this.mime = HttpMimeBody.open(this.host, this.isOrig, this.mimeFields, () =>
      this.finishEntity());
    return this.mime !== undefined;
  }

  /**
   * A MIME body is read line by line even when sized: Content-Length only bounds it, and its
   * closing boundary may end it first. Chunked coding is not undone for it (as in Zeek).
   */
  private startMime(): void {
    if (this.chunkState !== 'none') this.host.weird('HTTP_chunked_transfer_for_multipart_message');
    if (this.contentLength === 0) {
      this.mime = undefined;
      this.finishEntity();
      return;
    }
    if (this.contentLength > 0) this.expectDataLength = this.contentLength;
    this.mime!.start();
  }

  private startSized(): void {
    if (this.contentLength === 0) {
      this.finishEntity();
      return;
    }
    this.expectDataLength = this.contentLength;
    this.host.setPlainDelivery(this.isOrig, this.contentLength);
  }

  // --- Body framing ---

  private deliverSized(data: Uint8Array): void {
    this.deliverBody(data, false);
    this.expectDataLength -= data.length;
    if (this.expectDataLength > 0) return;
    this.host.setPlainDelivery(this.isOrig, 0);
    this.finishEntity();
  }

  private deliverMime(data: Uint8Array, isLine: boolean): void {
    this.deliverBody(data, isLine);
    if (this.contentLength <= 0) return;
    this.expectDataLength -= data.length + (isLine ? 2 : 0);
    if (this.expectDataLength > 0) return;
    this.host.setPlainDelivery(this.isOrig, 0);
    this.finishEntity();
  }

  private deliverChunked(data: Uint8Array, isLine: boolean): void {
    switch (this.chunkState) {
      case 'size': this.onChunkSize(data); break;
      case 'data':
        this.expectDataLength -= data.length;
        if (this.expectDataLength <= 0) {
          this.host.setPlainDelivery(this.isOrig, 0);
          this.chunkState = 'data-crlf';
        }
        this.deliverBody(data, false);
        break;
      case 'data-crlf':
        if (data.length > 0 || !isLine) {
          const detail = 'inaccurate chunk size: data before <CR><LF>';
          this.host.httpEvent('illegal format', bytesOf(detail));
        }
        this.chunkState = 'size';
        break;
      default: break;
    }
  }

  private onChunkSize(line: Uint8Array): void {
    let size = readInt64Prefix(line, 16);
    if (size === undefined) {
      this.host.weird('HTTP_bad_chunk_size', latin1(line));
      size = 0;
    }
    if (size > 0) {
      this.chunkState = 'data';
      this.expectDataLength = size;
      this.host.setPlainDelivery(this.isOrig, size);
      return;
    }
    // The last chunk: trailer fields follow, read like headers.
    this.inHeader = true;
    this.chunkState = 'trailer';
  }

  private deliverBody(data: Uint8Array, isLine: boolean): void {
    if (this.encoding === undefined) {
      this.deliverBodyClear(data, isLine);
      return;
    }
    this.decompressor ??= new HttpDecompressor(this.encoding, {
      output: (bytes) => this.deliverBodyClear(bytes, false),
      failed: () => this.host.weird('inflate_failed'),
      limitReached: (n, limit) => this.host.weird('HTTP_decompression_limit', `${n}/${limit}`),
    }, this.host.options.maxDecompressedBytes);
    this.decompressor.write(data);
  }

  private deliverBodyClear(data: Uint8Array, isLine: boolean): void {
    this.bodyLength += data.length + (isLine ? 2 : 0);
    if (data.length === 0 && !isLine) return;
    if (this.mime !== undefined) {
      this.mime.deliver(data, isLine);
      return;
    }
    this.file ??= this.host.startFile(this.isOrig, this.announcedSize());
    this.toFile(data);
    if (isLine) this.toFile(CRLF);
  }

  private toFile(bytes: Uint8Array): void {
    if (!this.partialContent) {
      this.file?.data(bytes);
      return;
    }
    this.file?.dataAt(this.fileOffset, bytes);
    this.fileOffset += bytes.length;
  }

  /**
   * The file's size: Content-Range's complete length for a range, else Content-Length; none
   * when the body is compressed (the sizes count the compressed bytes).
   */
  private announcedSize(): number | undefined {
    if (this.encoding !== undefined) return undefined;
    if (this.partialContent) return this.instanceLength > 0 ? this.instanceLength : undefined;
    return this.contentLength > 0 ? this.contentLength : undefined;
  }

  /** The entity ends: pending header, decompressor output, end-of-entity, then the message. */
  private finishEntity(): void {
    if (this.endOfData) return;
    this.endOfData = true;
    if (this.inHeader) {
      this.finishHeader();
      this.inHeader = false;
      this.submitAllHeaders();
      this.host.httpEvent('illegal format', bytesOf('entity body missing'));
    } else {
      this.decompressor?.end();
      this.mime?.end();
    }
    this.host.events.emit('http_end_entity', this.host.conn, this.isOrig);
    this.done(false, 'message ends normally');
  }
}

function bytesOf(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

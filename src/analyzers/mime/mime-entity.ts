/**
 * One MIME entity (RFC 2045/2046): its header fields, then its body, line by line. A multipart
 * body is split at its boundary lines into child entities; a message/* body is one child
 * entity; any other body is decoded (Base64, quoted-printable, or taken as is) and handed to
 * the message as data. This follows Zeek's MIME analyzer, quirks included: a child inherits its
 * parent's transfer encoding until it names one, and the line end before a boundary belongs
 * to the boundary, not to the part's content.
 */
import { wireText } from '../wire-text.js';
import { Base64Decoder } from './base64-decoder.js';
import { MimeHeader } from './mime-header.js';
import type { MimeEventKind, MimeMessage } from './mime-message.js';
import type { MimeOptions } from './mime-options.js';
import { parameterValue, skipLwsAndComments, slashTokenPair, token } from './mime-tokens.js';
import { decodeQuotedPrintableLine } from './quoted-printable.js';

type ContentType = 'MULTIPART' | 'MESSAGE' | 'TEXT' | 'OTHER';
type Encoding = '7BIT' | '8BIT' | 'BINARY' | 'QUOTED-PRINTABLE' | 'BASE64' | 'OTHER';
type BoundaryKind = 'none' | 'boundary' | 'closing';

const CONTENT_TYPES: readonly ContentType[] = ['MULTIPART', 'MESSAGE', 'TEXT'];
const ENCODINGS: readonly Encoding[] = ['7BIT', '8BIT', 'BINARY', 'QUOTED-PRINTABLE', 'BASE64'];

const TAB = 9;
const SPACE = 32;
const DASH = 0x2d;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const CRLF = Uint8Array.of(0x0d, 0x0a);

const isLws = (c: number) => c === TAB || c === SPACE;

export class MimeEntity {
  readonly depth: number;
  private inHeader = true;
  private ended = false;
  /** Lines of the header field being read, and their byte count. */
  private fieldLines: string[] | undefined;
  private fieldBytes = 0;
  private contentType: ContentType = 'TEXT';
  private encoding: Encoding;
  /** Whether the content type takes parameters (multipart and message types). */
  private parametrized = false;
  private boundary: Uint8Array | undefined;
  private child: MimeEntity | undefined;
  private base64: Base64Decoder | undefined;
  /** A CRLF that belongs to the content only if more content follows (multipart parts). */
  private crlfPending = false;
  /** Decoded bytes of the current line, handed over together. */
  private readonly decoded: Uint8Array[] = [];
  /** Entities begun below this one, counted at the top entity (options.maxEntities). */
  private begun = 0;
  private readonly top: MimeEntity;

  constructor(
    private readonly message: MimeMessage,
    private readonly parent: MimeEntity | undefined,
    private readonly options: MimeOptions,
  ) {
    this.encoding = parent?.encoding ?? 'OTHER';
    this.depth = parent === undefined ? 0 : parent.depth + 1;
    this.top = parent?.top ?? this;
  }

  /** One line without its line end; `trailingCrlf` tells whether one ended it. */
  deliver(line: Uint8Array, trailingCrlf: boolean): void {
    if (!this.inHeader) {
      this.bodyLine(line, trailingCrlf);
    } else if (line.length === 0 || line[0] === 0) {
      this.finishField();
      this.inHeader = false;
      this.message.headersDone?.(this.isPart);
      if (!this.ended) this.beginBody();
    } else if (isLws(line[0])) {
      this.continueField(line);
    } else {
      this.newField(line);
    }
  }

  /**
   * A header field its carrier parsed (HTTP reads a message's own header block): the entity
   * takes its content type and transfer encoding from it without reporting the field again.
   */
  applyHeader(h: MimeHeader): void {
    if (h.name === 'CONTENT-TYPE') this.parseContentType(h);
    else if (h.name === 'CONTENT-TRANSFER-ENCODING') this.parseEncoding(h);
  }

  /** The carrier's header block ended: the lines that follow are this entity's body. */
  startBody(): void {
    if (!this.inHeader) return;
    this.inHeader = false;
    this.beginBody();
  }

  /** Whether the body holds entities of its own (a multipart or message/* type). */
  get hasChildren(): boolean {
    return this.contentType === 'MULTIPART' || this.contentType === 'MESSAGE';
  }

  /** Whether this entity is one part of a multipart body. */
  private get isPart(): boolean {
    return this.parent?.contentType === 'MULTIPART';
  }

  /** The entity's input ended: children end, the decoder flushes, the message hears of it. */
  endOfData(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.inHeader) {
      this.finishField();
      this.inHeader = false;
      this.message.headersDone?.(this.isPart);
      this.illegal('illegal format', 'entity body missing');
    } else {
      if (this.child !== undefined) {
        if (this.contentType === 'MULTIPART') {
          this.illegal('illegal format', 'multipart closing boundary delimiter missing');
        }
        this.endChild();
      }
      this.finishBase64();
      this.flush();
    }
    this.message.endEntity(this.isPart);
  }

  private newField(line: Uint8Array): void {
    this.finishField();
    this.fieldLines = [wireText(line)];
    this.fieldBytes = line.length;
  }

  private continueField(line: Uint8Array): void {
    if (this.fieldLines === undefined) {
      this.illegal('illegal format', 'first header line starts with linear whitespace');
      let ws = 0;
      while (ws < line.length && isLws(line[ws])) ws++;
      if (ws < line.length) this.newField(line.subarray(ws));
      return;
    }
    const max = this.options.maxHeaderBytes;
    if (max > 0 && this.fieldBytes >= max) {
      this.message.limitReached('exceeded_mime_max_header_bytes', this.fieldBytes);
      return;
    }
    this.fieldLines.push(wireText(line));
    this.fieldBytes += line.length;
  }

  private finishField(): void {
    if (this.fieldLines === undefined) return;
    const h = MimeHeader.parse(this.fieldLines.join(''));
    this.fieldLines = undefined;
    if (h === undefined) return;

    if (h.name === 'CONTENT-TYPE') this.parseContentType(h);
    else if (h.name === 'CONTENT-TRANSFER-ENCODING') this.parseEncoding(h);
    this.message.header(h);
  }

  private parseContentType(h: MimeHeader): void {
    const pair = slashTokenPair(h.value, 0);
    if (pair === undefined) {
      this.illegal('illegal format', 'media type/subtype not found in content type');
      return;
    }
    const type = pair.type.toUpperCase();
    this.contentType = CONTENT_TYPES.find((t) => t === type) ?? 'OTHER';
    this.parametrized = this.contentType === 'MULTIPART' || this.contentType === 'MESSAGE';
    if (this.parametrized) this.parseParameters(h.value, pair.end, true);

    if (this.contentType === 'MULTIPART' && this.boundary === undefined) {
      this.illegal('illegal format', 'boundary delimiter is not specified for a multipart ' +
        'entity -- content is treated as type application/octet-stream');
      this.contentType = 'OTHER';
    }
  }

  private parseEncoding(h: MimeHeader): void {
    const first = h.firstToken();
    if (first === undefined) {
      this.illegal('illegal format', 'encoding type not found in content encoding');
      return;
    }
    const name = first.token.toUpperCase();
    this.encoding = ENCODINGS.find((e) => e === name) ?? 'OTHER';
    if (this.parametrized) this.parseParameters(first.rest, 0, false);
  }

  /** `; attribute=value` pairs; only a multipart type's `boundary` is kept. */
  private parseParameters(s: string, start: number, ofContentType: boolean): void {
    let i = start;
    for (;;) {
      const semicolon = skipLwsAndComments(s, i);
      if (semicolon >= s.length || s.charCodeAt(semicolon) !== SEMICOLON) return;
      const attr = token(s, semicolon + 1);
      if (attr === undefined) {
        this.illegal('illegal format', 'attribute name not found in parameter specification');
        return;
      }
      const equals = skipLwsAndComments(s, attr.end);
      if (equals >= s.length || s.charCodeAt(equals) !== EQUALS) {
        this.illegal('illegal format', '= not found in parameter specification');
        i = attr.end;
        continue;
      }
      const name = s.slice(attr.start, attr.end).toLowerCase();
      const isBoundary = ofContentType && this.contentType === 'MULTIPART' && name === 'boundary';
      i = this.parameter(s, equals + 1, isBoundary);
    }
  }

  /** Reads one parameter value; returns where parsing goes on. */
  private parameter(s: string, start: number, isBoundary: boolean): number {
    const v = parameterValue(s, start, isBoundary);
    if (v === undefined) {
      this.illegal('illegal format', isBoundary ? 'Could not parse multipart boundary'
        : 'value not found in parameter specification');
      return start;
    }
    if (isBoundary) this.boundary = Buffer.from(v.value, 'latin1');
    return v.end;
  }

  private beginBody(): void {
    if (this.encoding === 'BASE64') {
      this.base64 = new Base64Decoder((d) => this.message.weird('base64_illegal_encoding', d));
    }
    if (this.contentType === 'MESSAGE') this.beginChild();
  }

  private bodyLine(line: Uint8Array, trailingCrlf: boolean): void {
    if (this.contentType === 'MULTIPART') {
      const kind = this.boundaryKind(line);
      if (kind !== 'none') {
        if (this.child !== undefined) this.endChild();
        if (kind === 'closing') this.endOfData();
        else if (!this.ended) this.beginChild();
        return;
      }
    }
    // Text before the first boundary and after the last one (preamble, epilogue) is dropped.
    if (this.contentType === 'MULTIPART' || this.contentType === 'MESSAGE') {
      this.child?.deliver(line, trailingCrlf);
      return;
    }
    this.decodeLine(line, trailingCrlf);
  }

  /** Whether `line` is `--boundary` (a prefix match, as in Zeek) or `--boundary--`. */
  private boundaryKind(line: Uint8Array): BoundaryKind {
    const b = this.boundary;
    if (b === undefined || line.length < 2 + b.length) return 'none';
    if (line[0] !== DASH || line[1] !== DASH) return 'none';
    for (let i = 0; i < b.length; i++) if (line[2 + i] !== b[i]) return 'none';
    const after = 2 + b.length;
    const closing = line.length >= after + 2 && line[after] === DASH && line[after + 1] === DASH;
    return closing ? 'closing' : 'boundary';
  }

  private decodeLine(line: Uint8Array, trailingCrlf: boolean): void {
    switch (this.encoding) {
      case 'QUOTED-PRINTABLE':
        this.decoded.push(this.decodeWith((out) => decodeQuotedPrintableLine(line, out,
          (d) => this.illegal('illegal encoding', d))));
        break;
      case 'BASE64':
        if (this.base64 !== undefined) {
          const b64 = this.base64;
          this.decoded.push(this.decodeWith((out) => b64.decode(line, out)));
        }
        break;
      default:
        this.takeAsIs(line, trailingCrlf);
    }
    this.flush();
  }

  private decodeWith(decode: (out: number[]) => void): Uint8Array {
    const out: number[] = [];
    decode(out);
    return Uint8Array.from(out);
  }

  private takeAsIs(line: Uint8Array, trailingCrlf: boolean): void {
    if (this.crlfPending) {
      this.crlfPending = false;
      this.decoded.push(CRLF);
    }
    this.decoded.push(line.slice());
    if (!trailingCrlf) return;
    // The last line end of a multipart part belongs to the boundary line that follows.
    if (this.parent?.contentType === 'MULTIPART') this.crlfPending = true;
    else this.decoded.push(CRLF);
  }

  private finishBase64(): void {
    if (this.base64 === undefined) return;
    const b64 = this.base64;
    this.base64 = undefined;
    this.decoded.push(this.decodeWith((out) => b64.finish(out)));
  }

  private flush(): void {
    const bytes = this.decoded.length === 1 ? this.decoded[0] : Buffer.concat(this.decoded);
    this.decoded.length = 0;
    if (bytes.length > 0) this.message.data(bytes);
  }

  private beginChild(): void {
    const max = this.options.maxDepth;
    if (max > 0 && this.depth >= max) {
      this.message.limitReached('exceeded_mime_max_depth', this.depth);
      return;
    }
    if (!this.withinEntityLimit()) return;
    this.child = new MimeEntity(this.message, this, this.options);
    this.message.beginEntity();
  }

  /** Counts a new entity; past the limit it is skipped, with one weird per message. */
  private withinEntityLimit(): boolean {
    const max = this.options.maxEntities ?? 0;
    const begun = ++this.top.begun;
    if (max <= 0 || begun <= max) return true;
    if (begun === max + 1) this.message.limitReached('exceeded_mime_max_entities', begun, max);
    return false;
  }

  private endChild(): void {
    const child = this.child;
    this.child = undefined;
    child?.endOfData();
  }

  private illegal(kind: MimeEventKind, detail: string): void {
    this.message.event(kind, detail);
  }
}

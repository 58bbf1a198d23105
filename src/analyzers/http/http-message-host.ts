/**
 * What an HTTP message needs from the connection's analyzer: its connection and event bus,
 * weirds, the line reader's delivery mode, and the state the analyzer keeps across messages.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { Connection } from '../../stages/connection.js';
import type { FileHandle } from '../files/file-manager.js';
import type { HttpHeader } from './http-header.js';
import type { HttpOptions } from './http-options.js';
import type { HttpVersion } from './http-version.js';

export interface HttpMessageHost {
  readonly conn: Connection;
  readonly events: EventBus<CoreEvents>;
  readonly options: HttpOptions;
  now(): number;
  weird(name: string, addl?: string): void;
  /** Zeek's http_event: odd but not weird. */
  httpEvent(category: string, detail: Uint8Array): void;
  /** A limit cut analysis short (history X). */
  partial(): void;
  /** A header field was parsed: connection-level effects and the http_header event. */
  header(isOrig: boolean, h: HttpHeader): void;
  /** The next `length` bytes of this direction are body, not lines (Infinity: all of them). */
  setPlainDelivery(isOrig: boolean, length: number): void;
  /** Whether only CRLF ends a line in this direction (inside a part of a multipart body). */
  setCrlfOnly(isOrig: boolean, on: boolean): void;
  /** Status code of the reply being read (0 when none). */
  replyCode(): number;
  /** Whether the server said it closes the connection after the reply. */
  isConnectionClose(): boolean;
  /** The version chunked transfer coding is judged by (only HTTP/1.1 may use it). */
  transferVersion(): HttpVersion;
  /** Opens the file for a body, if the files framework runs. */
  startFile(isOrig: boolean, totalBytes: number | undefined): FileHandle | undefined;
  /** The message ended normally. */
  messageDone(isOrig: boolean): void;
}

/**
 * Synchronous, typed events. Handlers run in priority order (higher first, as Zeek's `&priority`)
 * and then in subscription order, on the caller's thread, when the event is raised. The built-in
 * logs subscribe through this same API a user's handler uses.
 */
import type { FileState, HashKind } from '../analyzers/files/file-state.js';
import type { HttpHeader } from '../analyzers/http/http-header.js';
import type { HttpMessageStat } from '../analyzers/http/http-message-stat.js';
import type { DnsEvents } from '../analyzers/dns/dns-events.js';
import type { DhcpEvents } from '../analyzers/dhcp/dhcp-events.js';
import type { IrcEvents } from '../analyzers/irc/irc-events.js';
import type { NtpEvents } from '../analyzers/ntp/ntp-events.js';
import type { SnmpEvents } from '../analyzers/snmp/snmp-events.js';
import type { Connection } from '../stages/connection.js';
import type { WeirdInfo } from './weird-info.js';

/** The events wirelog raises, with their arguments; names are Zeek's. */
export interface CoreEvents
  extends DhcpEvents, DnsEvents, IrcEvents, NtpEvents, SnmpEvents {
  /** A connection was seen for the first time. */
  new_connection: [c: Connection];
  /** An analyzer another connection announced was attached to this new one. */
  scheduled_analyzer_applied: [c: Connection, analyzer: string];
  /** Originator and responder were swapped after the connection was created. */
  connection_flipped: [c: Connection];
  /** A TCP SYN got no answer within the attempt delay. */
  connection_attempt: [c: Connection];
  /** The responder answered the SYN with a SYN-ACK. */
  connection_established: [c: Connection];
  /** The responder reset a connection attempt. */
  connection_rejected: [c: Connection];
  /** Both sides closed normally (FIN). */
  connection_finished: [c: Connection];
  /** One side closed and the other never became active. */
  connection_half_finished: [c: Connection];
  /** One side sent a RST. */
  connection_reset: [c: Connection];
  /** Both sides of a connection without a handshake were seen. */
  partial_connection: [c: Connection];
  /** The connection went idle past its inactivity timeout. */
  connection_timeout: [c: Connection];
  /** The connection's state is about to be discarded; its conn.log row is written here. */
  connection_state_remove: [c: Connection];
  /** Bytes acknowledged but never seen (a capture gap). */
  content_gap: [c: Connection, isOrig: boolean, seq: number, length: number];
  /** A surprising or malformed input, reported by any stage. */
  weird: [w: WeirdInfo];
  /** End of input, after every connection was flushed. */
  zeek_done: [];

  /** An HTTP request line: method, URI as sent and %-decoded, version (`1.1`). */
  http_request: [
    c: Connection, method: Uint8Array, originalUri: Uint8Array, unescapedUri: Uint8Array,
    version: string,
  ];
  /** An HTTP status line; `reason` is `<empty>` when the line has none. */
  http_reply: [c: Connection, version: string, code: number, reason: Uint8Array];
  /** One header field; `name` is upper-cased. */
  http_header: [
    c: Connection, isOrig: boolean, originalName: Uint8Array, name: string, value: Uint8Array,
  ];
  /** All header fields of a message, in order (raised only when something listens). */
  http_all_headers: [c: Connection, isOrig: boolean, headers: readonly HttpHeader[]];
  /** An HTTP message's entity (headers and body) starts or ends. */
  http_begin_entity: [c: Connection, isOrig: boolean];
  http_end_entity: [c: Connection, isOrig: boolean];
  /** An HTTP message ended. */
  http_message_done: [c: Connection, isOrig: boolean, stat: HttpMessageStat];
  /** Something odd in HTTP that is not a weird (Zeek's http_event). */
  http_event: [c: Connection, eventType: string, detail: Uint8Array];

  /** The files framework saw a new file. */
  file_new: [f: FileState];
  /** A file was seen over a connection (the first one included). */
  file_over_new_connection: [f: FileState, c: Connection, isOrig: boolean];
  /** The file's first bytes were sniffed; `mimeType` is unset when nothing matched. */
  file_sniff: [f: FileState, meta: { readonly mimeType: string | undefined }];
  /** A digest of the whole file. */
  file_hash: [f: FileState, kind: HashKind, hash: string];
  /** Writing the extracted copy failed; extraction of this file stopped. */
  file_extraction_error: [f: FileState, message: string];
  /** The file is done; files.log rows are written here. */
  file_state_remove: [f: FileState];
}

type Handler<A extends unknown[]> = (...args: A) => void;

interface Subscription {
  readonly handler: (...args: unknown[]) => void;
  readonly priority: number;
}

export class EventBus<M extends { [K in keyof M]: unknown[] } = CoreEvents> {
  private readonly handlers = new Map<keyof M, Subscription[]>();

  /** Subscribes `handler` to `name`; higher `priority` runs first. */
  on<K extends keyof M>(name: K, handler: Handler<M[K]>, priority = 0): void {
    const list = this.handlers.get(name) ?? [];
    list.push({ handler: handler as unknown as Subscription['handler'], priority });
    list.sort((a, b) => b.priority - a.priority);
    this.handlers.set(name, list);
  }

  /** Whether anything listens to `name`; lets callers skip building costly arguments. */
  has(name: keyof M): boolean {
    return this.handlers.has(name);
  }

  /** Runs every handler of `name` now, in order. */
  emit<K extends keyof M>(name: K, ...args: M[K]): void {
    const list = this.handlers.get(name);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) list[i].handler(...args);
  }
}

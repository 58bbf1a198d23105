/**
 * The contract between the connection tracker and protocol analyzers. An analyzer is created
 * per connection when its port or its content matches, receives reassembled TCP bytes or UDP
 * datagrams with their direction, and reports what it finds through events, logs and the
 * confirm/violation calls that drive conn.log's `service` column.
 */
import type { WirelogConfig } from '../config/config.js';
import type { CoreEvents, EventBus } from '../events/event-bus.js';
import type { LogManager } from '../logging/log-manager.js';
import type { Connection } from '../stages/connection.js';

/** What an analyzer may do besides parsing: everything goes through here. */
export interface AnalyzerContext {
  readonly conn: Connection;
  readonly events: EventBus<CoreEvents>;
  readonly logs: LogManager;
  /** Network time of the packet being delivered. */
  now(): number;
  /** The protocol is what the analyzer expected: adds its service to the connection once. */
  confirm(): void;
  /**
   * The traffic is not this protocol; `data` is the offending input, when there is one. Once
   * the packet has been handled, dynamic protocol detection switches the analyzer off for the
   * connection and drops its service, unless its options say to ignore the violation.
   */
  violation(reason: string, data?: Uint8Array): void;
  /** A connection weird with this analyzer as its source. */
  weird(name: string, addl?: string): void;
  /** Marks the connection's analysis partial (history `X`), e.g. when a limit was hit. */
  partial(): void;
  /**
   * Swaps originator and responder (the traffic showed the guess was wrong), with the
   * reassembly of both directions, and raises `connection_flipped`.
   */
  flipRoles(): void;
  /** Runs `fire` once network time reaches `due`, unless the connection is gone by then. */
  schedule(due: number, fire: (now: number) => void): void;
  /** Times the connection out now (`connection_timeout`, then removal), as Zeek's DNS does. */
  expire(): void;
  /**
   * Expects a later connection to `respAddr`:`respPort` and attaches the loaded analyzer
   * `name` to it when it starts, for `timeout` seconds of network time (Zeek's
   * `Analyzer::schedule_analyzer`, e.g. for a DCC transfer an IRC session announced). Raises
   * `scheduled_analyzer_applied` on that connection when it does.
   */
  scheduleAnalyzer(
    respAddr: string, respPort: number, transport: Transport, name: string, timeout: number,
  ): void;
  /**
   * Creates the loaded analyzer `name` on this connection for the caller to feed, as when a
   * protocol upgrades to TLS; its confirmation adds its own service. Undefined when that
   * analyzer is not loaded. Its exceptions surface in the caller's guarded call.
   */
  startChild(name: string): Analyzer | undefined;
}

/** A per-connection protocol parser. Every method is optional; none may block. */
export interface Analyzer {
  /** In-order bytes of one TCP direction. `data` is a view valid only during the call. */
  deliverStream?(isOrig: boolean, data: Uint8Array): void;
  /** One UDP datagram's payload (or a TCP segment's, for packet analyzers). */
  deliverPacket?(isOrig: boolean, data: Uint8Array): void;
  /** `length` bytes of one TCP direction were never seen (a capture gap). */
  gap?(isOrig: boolean, length: number): void;
  /** A TCP direction ended (FIN, RST, or end of input). */
  endOfData?(isOrig: boolean): void;
  /** The connection is being removed; write pending log records now. */
  done?(): void;
}

export type Transport = 'tcp' | 'udp';

/** How an analyzer is found and made. */
export interface AnalyzerSpec {
  /** Analyzer name as Zeek writes it in `service` (lower-cased there): `DNS`, `HTTP`. */
  readonly name: string;
  /** The script that loads it, for `-b` selection: `base/protocols/dns`. */
  readonly script: string;
  /** Transports it runs on. */
  readonly transports: readonly Transport[];
  /** Well-known ports per transport; a connection to one gets the analyzer at once. */
  readonly ports?: Partial<Record<Transport, readonly number[]>>;
  /**
   * Content detection: whether the first payload bytes of a connection look like this
   * protocol (Zeek's dynamic protocol detection). Called with the first packet's payload.
   */
  detect?(data: Uint8Array, isOrig: boolean, transport: Transport): boolean;
  create(ctx: AnalyzerContext): Analyzer;
  /** The spec with its limits taken from the configuration; without it, the spec as is. */
  configure?(config: WirelogConfig): AnalyzerSpec;
}

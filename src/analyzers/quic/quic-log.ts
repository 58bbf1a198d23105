/**
 * quic.log: one row per QUIC session seen on a connection, with Zeek's columns and fill logic
 * (its base/protocols/quic scripts): the version and connection ids of the long headers, SNI
 * and ALPN of the ClientHello, and a history of packet kinds. Short-header packets add a letter
 * at counts 1, 2, 4, 8 ... only, so a long session keeps a short history.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { Connection } from '../../stages/connection.js';
import { CONN_ID_FIELDS, connIdValues } from '../conn-id-fields.js';
import { eventTime } from '../event-time.js';
import { clearQuicInfo, QuicInfo, quicInfoOf, setQuicInfo } from './quic-info.js';
import { DEFAULT_QUIC_LOG_OPTIONS, type QuicLogOptions } from './quic-options.js';
import { versionName } from './quic-versions.js';

export const QUIC_LOG: LogStreamSpec = {
  path: 'quic',
  doc: 'One row per QUIC session: written on a Retry, a CONNECTION_CLOSE in an Initial ' +
    'packet, a packet of an unknown version, or when the connection ends.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time of the first QUIC packet of this row.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
    ...CONN_ID_FIELDS,
    {
      name: 'version', type: 'string',
      doc: 'QUIC version of the first long-header packet: 1, quicv2, draft-NN, mvfst (...) ' +
        'or unknown-<hex>.',
    },
    {
      name: 'client_initial_dcid', type: 'string', optional: true,
      doc: "Hex of the client's first Destination Connection ID, from which both sides' " +
        'Initial packet keys derive; unset if the client sent no long header.',
    },
    {
      name: 'client_scid', type: 'string', optional: true,
      doc: "Hex of the client's Source Connection ID, from its latest long header (empty for " +
        'a zero-length id); unset if none was seen.',
    },
    {
      name: 'server_scid', type: 'string', optional: true,
      doc: "Hex of the server's Source Connection ID, from its latest long header (the id the " +
        'client uses from then on); unset if none was seen.',
    },
    {
      name: 'server_name', type: 'string', optional: true,
      doc: 'First host name of the SNI extension of the ClientHello; unset without one.',
    },
    {
      name: 'client_protocol', type: 'string', optional: true,
      doc: 'First protocol the ClientHello offered in its ALPN extension (h3, hq-interop ...); ' +
        'unset without one.',
    },
    {
      name: 'history', type: 'string',
      doc: 'Letters in order, upper case from the client: I Initial, H Handshake, Z 0-RTT, ' +
        'R Retry, C CONNECTION_CLOSE, S TLS ClientHello/ServerHello, U unknown version, ' +
        'X packet discarded after Initial decryption, O short-header packets (at counts 1, 2, ' +
        '4, 8 ...).',
    },
  ],
};

/** Subscribes the handlers that fill QUIC records and write quic.log. */
export function registerQuicLog(
  events: EventBus<CoreEvents>, logs: LogManager, weirds: ConnWeirdReporter,
  options: QuicLogOptions = DEFAULT_QUIC_LOG_OPTIONS,
): void {
  logs.createStream(QUIC_LOG);
  const log = new QuicLogWriter(logs, weirds, options);
  subscribePackets(events, log);
  subscribeSessionEnds(events, log);
  subscribeTls(events, log);
}

/** The long-header packets: each starts a record if none is open and adds its letter. */
function subscribePackets(events: EventBus<CoreEvents>, log: QuicLogWriter): void {
  const packet = (letter: string) =>
    (c: Connection, isOrig: boolean, version: number, dcid: Uint8Array, scid: Uint8Array) => {
      log.setSession(c, isOrig, version, dcid, scid);
      log.addHistory(c, isOrig, letter);
    };
  events.on('QUIC::initial_packet', packet('I'));
  events.on('QUIC::handshake_packet', packet('H'));
  events.on('QUIC::zero_rtt_packet', packet('Z'));
  events.on('QUIC::short_header_packet_threshold_crossed', (c, isOrig, threshold) => {
    if (quicInfoOf(c) === undefined) {
      // Short headers of a connection whose Initial packets were not seen.
      log.weird(c, 'QUIC_spurious_short_header_packet_threshold_crossed', `${threshold}`);
      return;
    }
    log.addHistory(c, isOrig, 'O');
  });
  events.on('QUIC::discarded_packet', (c, isOrig) => {
    if (quicInfoOf(c) === undefined) {
      log.weird(c, 'QUIC_spurious_discarded_packet');
      return;
    }
    log.addHistory(c, isOrig, 'X');
  });
}

/** Packets after which the session's row is written and the next packet starts another. */
function subscribeSessionEnds(events: EventBus<CoreEvents>, log: QuicLogWriter): void {
  const endWith = (letter: string) =>
    (c: Connection, isOrig: boolean, version: number, dcid: Uint8Array, scid: Uint8Array) => {
      if (quicInfoOf(c) === undefined) log.setSession(c, isOrig, version, dcid, scid);
      log.addHistory(c, isOrig, letter);
      log.writeAndClear(c);
    };
  events.on('QUIC::retry_packet', endWith('R'));
  events.on('QUIC::unhandled_version', endWith('U'));
  events.on('QUIC::connection_close_frame', (c, isOrig) => {
    if (quicInfoOf(c) === undefined) return;
    log.addHistory(c, isOrig, 'C');
    log.writeAndClear(c);
  });
  events.on('connection_state_remove', (c) => {
    const info = quicInfoOf(c);
    if (info !== undefined) log.write(c, info);
  }, -3);
}

/** What the SSL analyzer reads from the handshake inside the Initial packets. */
function subscribeTls(events: EventBus<CoreEvents>, log: QuicLogWriter): void {
  events.on('ssl_extension_server_name', (c, isClient, names) => {
    const info = quicInfoOf(c);
    if (isClient && info !== undefined && names.length > 0) info.serverName = names[0].slice();
  }, 5);
  events.on('ssl_extension_application_layer_protocol_negotiation', (c, isClient, protocols) => {
    const info = quicInfoOf(c);
    if (info === undefined || !isClient || protocols.length === 0) return;
    info.clientProtocol = protocols[0].slice();
    if (protocols.length > 1) log.weird(c, 'QUIC_many_protocols', describeList(protocols));
  });
  events.on('ssl_client_hello', (c) => {
    if (quicInfoOf(c) !== undefined) log.addHistory(c, true, 'S');
  });
  events.on('ssl_server_hello', (c) => {
    if (quicInfoOf(c) !== undefined) log.addHistory(c, false, 'S');
  }, -5);
}

class QuicLogWriter {
  constructor(
    private readonly logs: LogManager,
    private readonly weirds: ConnWeirdReporter,
    private readonly options: QuicLogOptions,
  ) {}

  /** Opens the connection's record if needed and notes the packet's connection ids. */
  setSession(
    c: Connection, isOrig: boolean, version: number, dcid: Uint8Array, scid: Uint8Array,
  ): void {
    let info = quicInfoOf(c);
    if (info === undefined) {
      info = new QuicInfo(eventTime(c), versionName(version));
      setQuicInfo(c, info);
    }
    if (isOrig && dcid.length > 0 && info.clientInitialDcid === undefined) {
      info.clientInitialDcid = hex(dcid);
    }
    if (isOrig) info.clientScid = hex(scid);
    else info.serverScid = hex(scid);
  }

  /** Adds `letter`, upper case for the originator, until the history reaches its bound. */
  addHistory(c: Connection, isOrig: boolean, letter: string): void {
    const info = quicInfoOf(c)!;
    const max = this.options.maxHistoryLength;
    if (info.history.length === max) return;
    info.history += isOrig ? letter : letter.toLowerCase();
    if (info.history.length === max) this.weird(c, 'QUIC_max_history_length_reached');
  }

  writeAndClear(c: Connection): void {
    this.write(c, quicInfoOf(c)!);
    clearQuicInfo(c);
  }

  write(c: Connection, info: QuicInfo): void {
    this.logs.write(QUIC_LOG.path, {
      ts: info.ts,
      uid: c.uid,
      ...connIdValues(c),
      version: info.version,
      client_initial_dcid: info.clientInitialDcid,
      client_scid: info.clientScid,
      server_scid: info.serverScid,
      server_name: info.serverName,
      client_protocol: info.clientProtocol,
      history: info.history,
    });
  }

  weird(c: Connection, name: string, addl?: string): void {
    this.weirds.connWeird(name, eventTime(c), c, addl);
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A list as Zeek's `cat` renders a vector of strings: `[h3, h3-29]`. */
function describeList(items: readonly Uint8Array[]): string {
  return `[${items.map((b) => Buffer.from(b).toString('latin1')).join(', ')}]`;
}

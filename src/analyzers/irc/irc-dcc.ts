/**
 * DCC SEND transfers in irc.log (Zeek's IRC dcc-send and files scripts): an offer is remembered
 * by the address and port the file will come from; the connection that comes there gets the
 * `irc-dcc-data` service, its file takes the offered name and the session's fuid, and once the
 * file's type is sniffed the offering session is logged as a DCC row and forgets the file.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { Connection } from '../../stages/connection.js';
import type { FileState } from '../files/file-state.js';
import { networkTime } from '../network-time.js';
import { IrcSession } from './irc-session.js';
import { bytesOf } from './irc-text.js';

export const DCC_DATA_SERVICE = 'irc-dcc-data';
/** The files framework's source name for DCC transfers, and where a file keeps its session. */
const IRC_DATA_SOURCE = 'IRC_DATA';
const IRC_FILE_KEY = 'irc';

export interface IrcDccLimits {
  /** Offers remembered at once; more raise `irc_max_dcc_expected_transfers_exceeded`. */
  readonly maxExpectedTransfers: number;
  /** Seconds an offer is remembered. */
  readonly expectSeconds: number;
}

/** Zeek's defaults (IRC::max_dcc_expected_transfers and its table's expiry). */
export const DEFAULT_DCC_LIMITS: IrcDccLimits = { maxExpectedTransfers: 5000, expectSeconds: 300 };

interface Offer {
  readonly session: IrcSession;
  readonly since: number;
}

export function registerIrcDcc(
  events: EventBus<CoreEvents>, write: (s: IrcSession) => void, weirds: ConnWeirdReporter,
  limits: IrcDccLimits = DEFAULT_DCC_LIMITS,
): void {
  const offers = new Map<string, Offer>();
  const keyOf = (c: Connection) => `${c.respH}/${c.respPort}`;

  events.on('irc_dcc_message', (c, _o, _prefix, _target, type, argument, address, port, size) => {
    const now = networkTime(c);
    const s = IrcSession.touch(c, now);
    if (type !== 'SEND') return;
    dropStale(offers, now, limits.expectSeconds);
    if (limits.maxExpectedTransfers > 0 && offers.size >= limits.maxExpectedTransfers) {
      weirds.connWeird('irc_max_dcc_expected_transfers_exceeded', now, c);
      return;
    }
    s.dccFileName = bytesOf(argument);
    s.dccFileSize = size;
    offers.set(`${address}/${port}`, { session: s, since: now });
  }, 5);

  events.on('scheduled_analyzer_applied', (c) => {
    if (!offers.has(keyOf(c)) || c.services.includes(DCC_DATA_SERVICE)) return;
    c.services.push(DCC_DATA_SERVICE);
  }, 10);

  events.on('file_over_new_connection', (f, c) => {
    const offer = offers.get(keyOf(c));
    if (offer === undefined) return;
    offer.session.fuid = f.id;
    if (offer.session.dccFileName !== undefined) f.filename = offer.session.dccFileName;
    f.extra.set(IRC_FILE_KEY, offer.session);
  }, 5);
  events.on('file_sniff', (f, meta) => {
    const s = f.extra.get(IRC_FILE_KEY) as IrcSession | undefined;
    if (s !== undefined && meta.mimeType !== undefined) s.dccMimeType = meta.mimeType;
  }, 5);
  events.on('file_sniff', (f) => {
    if (f.source === IRC_DATA_SOURCE) logTransfer(f, offers, write);
  }, -5);

  events.on('connection_state_remove', (c) => {
    if (c.services.includes(DCC_DATA_SERVICE)) offers.delete(keyOf(c));
  });
}

/**
 * The DCC row for the first of the file's connections that was offered: the session under
 * command DCC, then the file's fields are cleared and the offer forgotten.
 */
function logTransfer(f: FileState, offers: Map<string, Offer>, write: (s: IrcSession) => void) {
  for (const { conn } of f.conns) {
    const key = `${conn.respH}/${conn.respPort}`;
    const offer = offers.get(key);
    if (offer === undefined) continue;
    const s = offer.session;
    const previous = s.command;
    s.command = 'DCC';
    write(s);
    if (previous !== undefined && previous !== '') s.command = previous;
    s.dccFileName = undefined;
    s.dccFileSize = undefined;
    s.dccMimeType = undefined;
    offers.delete(key);
    return;
  }
}

function dropStale(offers: Map<string, Offer>, now: number, maxAge: number): void {
  for (const [key, offer] of offers) {
    if (now - offer.since <= maxAge) return;
    offers.delete(key);
  }
}

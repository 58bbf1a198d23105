/**
 * DCC SEND transfers in irc.log (Zeek's IRC dcc-send script): an offer is remembered by the
 * address and port the file will come from; the connection that comes there gets the
 * `irc-dcc-data` service, and once its file starts, the offering session is logged as a DCC
 * row and forgets the file.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { Connection } from '../../stages/connection.js';
import { networkTime } from '../network-time.js';
import { IrcSession } from './irc-session.js';
import { bytesOf } from './irc-text.js';

export const DCC_DATA_SERVICE = 'irc-dcc-data';

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

  events.on('irc_dcc_message', (c, _isOrig, _prefix, _target, type, argument, address, port, size) => {
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
    if (offers.has(keyOf(c)) && !c.services.includes(DCC_DATA_SERVICE)) c.services.push(DCC_DATA_SERVICE);
  }, 10);

  events.on('irc_dcc_file_sniffed', (c, mimeType) => {
    const offer = offers.get(keyOf(c));
    if (offer === undefined) return;
    offers.delete(keyOf(c));
    logTransfer(offer.session, mimeType, write);
  }, -5);

  events.on('connection_state_remove', (c) => {
    if (c.services.includes(DCC_DATA_SERVICE)) offers.delete(keyOf(c));
  });
}

/** The DCC row: the session under command DCC, then the file's fields are cleared. */
function logTransfer(s: IrcSession, mimeType: string | undefined, write: (s: IrcSession) => void) {
  const previous = s.command;
  s.dccMimeType = mimeType;
  s.command = 'DCC';
  write(s);
  if (previous !== undefined && previous !== '') s.command = previous;
  s.dccFileName = undefined;
  s.dccFileSize = undefined;
  s.dccMimeType = undefined;
}

function dropStale(offers: Map<string, Offer>, now: number, maxAge: number): void {
  for (const [key, offer] of offers) {
    if (now - offer.since <= maxAge) return;
    offers.delete(key);
  }
}

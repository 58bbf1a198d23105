/**
 * Gathers each hello's fields from the SSL analyzer's events. The extension events of a
 * hello come before the hello's own event, so they are collected per side and handed over,
 * complete, when `ssl_client_hello` or `ssl_server_hello` arrives.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { Connection } from '../../stages/connection.js';
import type { HelloFields } from './hello-fields.js';

/** A hello's fields without the ones its own event carries, while they are collected. */
interface Pending {
  extensions: number[];
  supportedGroups: readonly number[];
  ecPointFormats: readonly number[];
  signatureAlgorithms: readonly number[];
  firstAlpn: Uint8Array | undefined;
  supportedVersions: readonly number[];
}

export type HelloListener = (c: Connection, isClient: boolean, fields: HelloFields) => void;

/** What one collector holds per connection: each side's hello under way. */
interface Sides {
  client?: Pending;
  server?: Pending;
}
/** Before the SSL log handlers, so the fingerprints exist before a row can be written. */
const COLLECT_PRIORITY = 10;

/** Calls `listener` with the fields of every ClientHello and ServerHello. */
export function collectHellos(events: EventBus<CoreEvents>, listener: HelloListener): void {
  // Per collector, so several (ssl.log's and a user's) never take each other's fields; weak,
  // so a connection's entry goes with the connection.
  const state = new WeakMap<Connection, Sides>();
  const pending = (c: Connection, isClient: boolean) => pendingOf(state, c, isClient);
  events.on('ssl_extension', (c, isClient, code) => {
    pending(c, isClient).extensions.push(code);
  }, COLLECT_PRIORITY);
  events.on('ssl_extension_elliptic_curves', (c, isClient, curves) => {
    pending(c, isClient).supportedGroups = curves.slice();
  }, COLLECT_PRIORITY);
  events.on('ssl_extension_ec_point_formats', (c, isClient, formats) => {
    pending(c, isClient).ecPointFormats = formats.slice();
  }, COLLECT_PRIORITY);
  events.on('ssl_extension_signature_algorithm', (c, isClient, algorithms) => {
    pending(c, isClient).signatureAlgorithms =
      algorithms.map((a) => (a.hashAlgorithm << 8) | a.signatureAlgorithm);
  }, COLLECT_PRIORITY);
  subscribeNamedExtensions(events, pending);
  subscribeHellos(events, listener, (c, isClient) => take(state, c, isClient));
}

type PendingOf = (c: Connection, isClient: boolean) => Pending;

function subscribeNamedExtensions(events: EventBus<CoreEvents>, pending: PendingOf): void {
  events.on('ssl_extension_application_layer_protocol_negotiation', (c, isClient, names) => {
    pending(c, isClient).firstAlpn = names.length > 0 ? names[0].slice() : undefined;
  }, COLLECT_PRIORITY);
  events.on('ssl_extension_supported_versions', (c, isClient, versions) => {
    pending(c, isClient).supportedVersions = versions.slice();
  }, COLLECT_PRIORITY);
}

function subscribeHellos(
  events: EventBus<CoreEvents>, listener: HelloListener, take: PendingOf,
): void {
  events.on('ssl_client_hello', (c, version, _rv, _ts, _random, _sid, ciphers) => {
    listener(c, true, { ...take(c, true), version, ciphers: ciphers.slice() });
  }, COLLECT_PRIORITY);
  events.on('ssl_server_hello', (c, version, _rv, _ts, _random, _sid, cipher) => {
    listener(c, false, { ...take(c, false), version, ciphers: [cipher] });
  }, COLLECT_PRIORITY);
}

function pendingOf(state: WeakMap<Connection, Sides>, c: Connection, isClient: boolean) {
  let sides = state.get(c);
  if (sides === undefined) state.set(c, (sides = {}));
  return (sides[isClient ? 'client' : 'server'] ??= {
    extensions: [], supportedGroups: [], ecPointFormats: [], signatureAlgorithms: [],
    firstAlpn: undefined, supportedVersions: [],
  });
}

/** The side's collected fields, cleared for a later hello (e.g. after a HelloRetryRequest). */
function take(state: WeakMap<Connection, Sides>, c: Connection, isClient: boolean): Pending {
  const fields = pendingOf(state, c, isClient);
  state.get(c)![isClient ? 'client' : 'server'] = undefined;
  return fields;
}

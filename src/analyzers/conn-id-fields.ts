/**
 * The `id` columns Zeek writes in every per-connection log (its `conn_id` record flattened),
 * shared by the protocol logs so each declares them the same way.
 */
import type { FieldSpec } from '../logging/log-stream.js';
import type { Connection } from '../stages/connection.js';

export const CONN_ID_FIELDS: readonly FieldSpec[] = [
  { name: 'id.orig_h', type: 'addr', doc: "Originator's address." },
  { name: 'id.orig_p', type: 'port', doc: "Originator's port." },
  { name: 'id.resp_h', type: 'addr', doc: "Responder's address." },
  { name: 'id.resp_p', type: 'port', doc: "Responder's port." },
];

/** The `id.*` values of a connection as its roles stand now. */
export function connIdValues(c: Connection) {
  return {
    'id.orig_h': c.origH,
    'id.orig_p': c.origPort,
    'id.resp_h': c.respH,
    'id.resp_p': c.respPort,
  };
}

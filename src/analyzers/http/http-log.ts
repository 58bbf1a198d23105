/**
 * http.log: one row per HTTP transaction, with the columns of Zeek's http.log in its order.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { HttpInfo } from './http-info.js';
import { bindHttpOptions } from './http-service.js';
import { DEFAULT_HTTP_OPTIONS, type HttpOptions } from './http-options.js';
import { HttpTransactions } from './http-transactions.js';
import { CONN_ID_FIELDS } from '../conn-id-fields.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

const vector = (doc: string) => ({ type: 'vector[string]', optional: true, doc }) as const;

export const HTTP_LOG: LogStreamSpec = {
  path: 'http',
  doc: 'One row per HTTP request/reply transaction.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time the request (or the reply, if first) started.' },
    { name: 'uid', type: 'string', doc: 'Connection uid.' },
    ...CONN_ID_FIELDS,
    { name: 'trans_depth', type: 'count', doc: 'Position of the transaction in the connection.' },
    { name: 'method', type: 'string', optional: true, doc: 'Request method (GET, POST ...).' },
    { name: 'host', type: 'string', optional: true, doc: 'Host header, port included.' },
    { name: 'uri', type: 'string', optional: true, doc: 'Request URI, %-escapes decoded.' },
    { name: 'referrer', type: 'string', optional: true, doc: 'Referer header.' },
    { name: 'version', type: 'string', optional: true, doc: "Version of the server's reply." },
    { name: 'user_agent', type: 'string', optional: true, doc: 'User-Agent header.' },
    { name: 'origin', type: 'string', optional: true, doc: 'Origin header.' },
    { name: 'request_body_len', type: 'count', doc: 'Request body bytes after decoding.' },
    { name: 'response_body_len', type: 'count', doc: 'Reply body bytes after decoding.' },
    { name: 'status_code', type: 'count', optional: true, doc: 'Final status code.' },
    { name: 'status_msg', type: 'string', optional: true, doc: 'Reason of the final reply.' },
    { name: 'info_code', type: 'count', optional: true, doc: 'Last 1xx status code seen.' },
    { name: 'info_msg', type: 'string', optional: true, doc: 'Reason phrase of that 1xx reply.' },
    { name: 'tags', type: 'set[enum]', doc: 'Indicators attached by scripts.' },
    { name: 'username', type: 'string', optional: true, doc: 'Basic-Auth user name.' },
    {
      name: 'password', type: 'string', optional: true,
      doc: 'Basic-Auth password; only when password capture is on.',
    },
    { name: 'proxied', type: 'set[string]', optional: true, doc: 'Proxy headers, NAME -> value.' },
    { name: 'orig_fuids', ...vector('Ids of the files the client sent.') },
    { name: 'orig_filenames', ...vector('Names of the files the client sent.') },
    { name: 'orig_mime_types', ...vector('Types of the files the client sent.') },
    { name: 'resp_fuids', ...vector('Ids of the files the server sent.') },
    { name: 'resp_filenames', ...vector('Names of the files the server sent.') },
    { name: 'resp_mime_types', ...vector('Types of the files the server sent.') },
  ],
};

export function httpRecord(info: HttpInfo) {
  const c = info.conn;
  return {
    ts: info.ts,
    uid: c.uid,
    'id.orig_h': c.origH,
    community_id: communityIdOf(c),
    'id.orig_p': c.origPort,
    'id.resp_h': c.respH,
    'id.resp_p': c.respPort,
    trans_depth: info.transDepth,
    method: info.method,
    host: info.host,
    uri: info.uri,
    referrer: info.referrer,
    version: info.version,
    user_agent: info.userAgent,
    origin: info.origin,
    request_body_len: info.requestBodyLen,
    response_body_len: info.responseBodyLen,
    status_code: info.statusCode,
    status_msg: info.statusMsg,
    info_code: info.infoCode,
    info_msg: info.infoMsg,
    tags: info.tags,
    username: info.username,
    password: info.password,
    proxied: info.proxied,
    orig_fuids: info.origFuids,
    orig_filenames: info.origFilenames,
    orig_mime_types: info.origMimeTypes,
    resp_fuids: info.respFuids,
    resp_filenames: info.respFilenames,
    resp_mime_types: info.respMimeTypes,
  };
}

/** Declares http.log and subscribes the transaction handlers that write it. */
export function registerHttpLog(
  events: EventBus<CoreEvents>, logs: LogManager, weirds: ConnWeirdReporter,
  options: HttpOptions = DEFAULT_HTTP_OPTIONS,
): void {
  logs.createStream(HTTP_LOG);
  bindHttpOptions(events, options);
  const transactions = new HttpTransactions(options, weirds,
    (info) => logs.write(HTTP_LOG.path, httpRecord(info)));
  transactions.subscribe(events);
}

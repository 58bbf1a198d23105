/**
 * Content detection for HTTP on any port, after Zeek's dpd signatures: a client's first bytes
 * start with a known method (leading white space allowed), or a server's with `HTTP/` and a
 * digit. The analyzer then confirms or rejects the connection on the full request line.
 */

const METHODS = [
  'OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'QUERY', 'ACL', 'BASELINE-CONTROL', 'BIND',
  'CHECKIN', 'CHECKOUT', 'CONNECT', 'COPY', 'LABEL', 'LINK', 'LOCK', 'MERGE', 'MKACTIVITY',
  'MKCALENDAR', 'MKCOL', 'MKREDIRECTREF', 'MOVE', 'ORDERPATCH', 'PATCH', 'PROPFIND', 'PROPPATCH',
  'REBIND', 'REPORT', 'SEARCH', 'TRACE', 'UNBIND', 'UNCHECKOUT', 'UNLINK', 'UNLOCK', 'UPDATE',
  'VERSION-CONTROL', 'BCOPY', 'BDELETE', 'BMOVE', 'BPROPFIND', 'BPROPPATCH', 'NOTIFY', 'POLL',
  'SUBSCRIBE', 'UNSUBSCRIBE', 'X-MS-ENUMATTS', 'MKWORKSPACE', 'RPC_IN_DATA', 'RPC_OUT_DATA',
];

/** Bytes of the first payload looked at; a request line's start is always within them. */
const DETECT_WINDOW = 64;

const CLIENT = new RegExp(`^[\\t\\n\\v\\f\\r ]*(?:${METHODS.join('|')})`);
const SERVER = /^[hH][tT][tT][pP]\/[0-9]/;

export function looksLikeHttp(data: Uint8Array, isOrig: boolean): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, DETECT_WINDOW))
    .toString('latin1');
  return (isOrig ? CLIENT : SERVER).test(head);
}

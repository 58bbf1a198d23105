/**
 * The request line, `METHOD URI HTTP/x.y`, read as Zeek reads it: the method is an RFC 2616
 * token, the URI runs over URI characters and then up to the last blank before `HTTP/` (so
 * URIs with spaces survive), and a line without a version is HTTP/0.9.
 */
import { isBlank, prefixAt, skipBlanks } from './http-bytes.js';
import { isUriChar, unescapeUri } from './http-uri.js';
import { readVersion, type HttpVersion, VERSION_UNSET } from './http-version.js';

const SEPARATORS = new Set([...'()<>@,;:\\"/[]?={}'].map((c) => c.charCodeAt(0)));

function isTokenChar(c: number): boolean {
  return c > 31 && c < 127 && !isBlank(c) && !SEPARATORS.has(c);
}

export interface RequestLine {
  readonly method: Uint8Array;
  /** The URI as sent. */
  readonly uri: Uint8Array;
  /** The URI with %-escapes decoded. */
  readonly unescapedUri: Uint8Array;
  /**
   * The version found; `undefined` when the line names none (HTTP/0.9), `VERSION_UNSET` when
   * it is unreadable, and `null` when too short to read (the previous version stays).
   */
  readonly version: HttpVersion | undefined | null;
}

export type RequestLineResult =
  | { readonly ok: true; readonly request: RequestLine }
  | { readonly ok: false; readonly weird: 'bad_HTTP_request' | 'bad_HTTP_request_with_version' };

/** Hooks for what the parse finds on the way: weirds and Zeek's http_event categories. */
export interface ParseReports {
  weird(name: string): void;
  event(category: string, detail: Uint8Array): void;
}

export function parseRequestLine(line: Uint8Array, reports: ParseReports): RequestLineResult {
  let endOfMethod = 0;
  while (endOfMethod < line.length && isTokenChar(line[endOfMethod])) endOfMethod++;
  if (endOfMethod === 0) {
    const end = line.length;
    const versionTail = end >= 9 && prefixAt(line, end - 9, ' HTTP/', true) >= 0;
    return { ok: false, weird: versionTail ? 'bad_HTTP_request_with_version' : 'bad_HTTP_request' };
  }

  const rest = skipBlanks(line, endOfMethod);
  if (rest === endOfMethod) return { ok: false, weird: 'bad_HTTP_request' };
  const request = parseTarget(line, rest, reports);
  return { ok: true, request: { ...request, method: line.subarray(0, endOfMethod) } };
}

/** Parses `URI [HTTP/x.y]` starting at `start`. */
function parseTarget(
  line: Uint8Array, start: number, reports: ParseReports,
): Omit<RequestLine, 'method'> {
  const end = line.length;
  let endOfUri = start;
  while (endOfUri < end && isUriChar(line[endOfUri])) endOfUri++;

  const startsWithVersion = matchHttpKeyword(line, start, reports) >= 0;
  if (endOfUri >= end && startsWithVersion) {
    reports.weird('missing_HTTP_uri');
    endOfUri = start;
  }

  let versionStart = endOfUri;
  for (; versionStart < end; versionStart++) {
    endOfUri = versionStart;
    versionStart = skipBlanks(line, versionStart);
    if (matchHttpKeyword(line, versionStart, reports) >= 0) break;
  }

  const version = readRequestVersion(line, start, versionStart, reports);
  const uri = line.subarray(start, endOfUri);
  return { uri, unescapedUri: unescapeUri(uri, (name) => reports.weird(name)), version };
}

/** `HTTP/` at `i` (lower case accepted with a weird); the index after it or -1. */
function matchHttpKeyword(line: Uint8Array, i: number, reports: ParseReports): number {
  const exact = prefixAt(line, i, 'HTTP/', false);
  if (exact >= 0) return exact;
  const loose = prefixAt(line, i, 'HTTP/', true);
  if (loose >= 0) reports.weird('lowercase_HTTP_keyword');
  return loose;
}

function readRequestVersion(
  line: Uint8Array, start: number, versionStart: number, reports: ParseReports,
): HttpVersion | undefined | null {
  const end = line.length;
  if (versionStart >= end) return undefined;
  if (versionStart + 8 > end) {
    reports.event('bad_HTTP_version', line.subarray(start, end));
    return null;
  }
  const digits = line.subarray(versionStart + 5);
  const version = readVersion(digits);
  if (version === undefined) {
    reports.event('bad_HTTP_version', digits);
    return VERSION_UNSET;
  }
  if (skipBlanks(line, versionStart + 8) !== end) {
    reports.event('crud after HTTP version is ignored', line.subarray(start, end));
  }
  return version;
}

/**
 * The status line, `HTTP/x.y CODE REASON`, read as Zeek reads it. A line that does not start
 * with `HTTP/` is no reply; one without a code is rejected; a missing reason is tolerated.
 */
import { isBlank, prefixAt, skipBlanks } from './http-bytes.js';
import type { ParseReports } from './http-request-line.js';
import { isDigit, readVersion, type HttpVersion, VERSION_UNSET } from './http-version.js';

export interface ReplyLine {
  /** Whether the line is a usable status line. */
  readonly ok: boolean;
  /** The version, once `HTTP/` was found (applied even when the rest is unusable). */
  readonly version: HttpVersion | undefined;
  /** The status code; 0 when its three characters are not digits. */
  readonly code: number;
  /** The reason phrase; undefined when missing. */
  readonly reason: Uint8Array | undefined;
}

export function parseReplyLine(line: Uint8Array, reports: ParseReports): ReplyLine {
  const fail = (version: HttpVersion | undefined, category: string): ReplyLine => {
    reports.event(category, line);
    return { ok: false, version, code: 0, reason: undefined };
  };

  let rest = prefixAt(line, 0, 'HTTP/', false);
  if (rest < 0) {
    rest = prefixAt(line, 0, 'HTTP/', true);
    if (rest >= 0) reports.weird('lowercase_HTTP_keyword');
  }
  if (rest < 0) return fail(undefined, 'bad_HTTP_reply');

  const version = readVersionOrReport(line.subarray(rest), reports);
  const end = line.length;
  while (rest < end && !isBlank(line[rest])) rest++;
  if (rest >= end) return fail(version, 'HTTP_reply_code_missing');
  rest = skipBlanks(line, rest);
  if (rest + 3 > end) return fail(version, 'HTTP_reply_code_missing');

  const code = readCode(line, rest);
  rest += 3;
  while (rest < end && !isBlank(line[rest])) rest++;
  if (rest >= end) {
    reports.event('HTTP_reply_reason_phrase_missing', line);
    return { ok: true, version, code, reason: undefined };
  }
  rest = skipBlanks(line, rest);
  return { ok: true, version, code, reason: line.subarray(rest) };
}

function readVersionOrReport(data: Uint8Array, reports: ParseReports): HttpVersion {
  const version = readVersion(data);
  if (version !== undefined) return version;
  reports.event('bad_HTTP_version', data);
  return VERSION_UNSET;
}

function readCode(line: Uint8Array, i: number): number {
  if (!isDigit(line[i]) || !isDigit(line[i + 1]) || !isDigit(line[i + 2])) return 0;
  return (line[i] - 0x30) * 100 + (line[i + 1] - 0x30) * 10 + (line[i + 2] - 0x30);
}

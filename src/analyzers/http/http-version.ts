/**
 * HTTP version numbers as Zeek reads them: only `[0-9].[0-9]` is recognized; anything else is
 * version 0.0 (unset).
 */

export interface HttpVersion {
  readonly major: number;
  readonly minor: number;
}

export const VERSION_UNSET: HttpVersion = { major: 0, minor: 0 };
export const VERSION_09: HttpVersion = { major: 0, minor: 9 };

/** Reads a version from the bytes after `HTTP/`; undefined if they are not `d.d`. */
export function readVersion(data: Uint8Array): HttpVersion | undefined {
  if (data.length < 3 || !isDigit(data[0]) || data[1] !== 0x2e || !isDigit(data[2])) {
    return undefined;
  }
  return { major: data[0] - 0x30, minor: data[2] - 0x30 };
}

export function sameVersion(a: HttpVersion, b: HttpVersion): boolean {
  return a.major === b.major && a.minor === b.minor;
}

/** The version as events and http.log carry it: `1.1`, `0.9`. */
export function versionText(v: HttpVersion): string {
  return (v.major + v.minor * 0.1).toFixed(1);
}

/** Whether the version keeps connections open by default (newer than 1.0). */
export function persistsByDefault(v: HttpVersion): boolean {
  return v.major > 1 || (v.major === 1 && v.minor > 0);
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

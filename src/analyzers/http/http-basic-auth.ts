/**
 * The user and password of an `Authorization: Basic ...` value. A credential without a colon
 * yields Zeek's `<problem-decoding> (value)` as user name, so the row still shows the attempt.
 */

export interface BasicAuth {
  readonly username: Uint8Array | string;
  readonly password: Uint8Array | undefined;
}

export function basicAuthUser(value: Uint8Array): BasicAuth | undefined {
  const text = Buffer.from(value).toString('latin1');
  if (!/^basic /i.test(text)) return undefined;
  const decoded = Buffer.from(text.replace(/^basic[ \t]+/i, ''), 'base64');
  const colon = decoded.indexOf(0x3a);
  if (colon < 0) return { username: `<problem-decoding> (${text})`, password: decoded };
  return { username: decoded.subarray(0, colon), password: decoded.subarray(colon + 1) };
}

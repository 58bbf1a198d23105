/**
 * Text taken from the wire, held as a JS string with one character per byte (latin1), the way
 * Zeek's scripts hold `string` values: byte-exact, comparable with `===` and cheap to slice.
 * When such text is logged it must go out as the original bytes, so the writers escape what
 * is not printable UTF-8 exactly as Zeek does.
 */
import type { LogScalar } from '../logging/log-stream.js';

/** The bytes `data[start, end)` as wire text. */
export function wireText(data: Uint8Array, start = 0, end = data.length): string {
  return Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('latin1');
}

/** The log value of wire text: the string itself when it is plain ASCII, else its bytes. */
export function logText(text: string): LogScalar {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return Buffer.from(text, 'latin1');
  }
  return text;
}

/** `logText` for an optional value. */
export function logTextOrUnset(text: string | undefined): LogScalar | undefined {
  return text === undefined ? undefined : logText(text);
}

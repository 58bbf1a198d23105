/**
 * Content detection of TLS and DTLS on any port, with the byte patterns of Zeek's dynamic
 * protocol detection signatures for SSL: a ClientHello from the originator, or a ServerHello
 * (optionally after one alert record) from the responder.
 */

const HANDSHAKE = 0x16;
const ALERT = 0x15;
const CLIENT_HELLO = 0x01;
const SERVER_HELLO = 0x02;
/** Bytes of a TLS alert record carrying one alert. */
const ALERT_RECORD_BYTES = 7;

/** `\x16\x03[\x00-\x03]..\x01...\x03[\x00-\x03]` from the originator, or a server hello. */
export function looksLikeTlsHello(data: Uint8Array, isOrig: boolean): boolean {
  if (isOrig) return isClientHello(data);
  if (isServerHello(data, 0)) return true;
  return data[0] === ALERT && isSsl3Version(data, 1) && isServerHello(data, ALERT_RECORD_BYTES);
}

function isClientHello(d: Uint8Array): boolean {
  return d.length >= 11 && d[0] === HANDSHAKE && isSsl3Version(d, 1) && d[5] === CLIENT_HELLO &&
    isSsl3Version(d, 9);
}

/** `\x16\x03[\x00-\x03]..\x02...(\x03[\x00-\x04]|\x7f[\x00-\x50])` at `at`. */
function isServerHello(d: Uint8Array, at: number): boolean {
  if (d.length < at + 11) return false;
  if (d[at] !== HANDSHAKE || !isSsl3Version(d, at + 1) || d[at + 5] !== SERVER_HELLO) return false;
  const major = d[at + 9];
  const minor = d[at + 10];
  return (major === 0x03 && minor <= 0x04) || (major === 0x7f && minor <= 0x50);
}

function isSsl3Version(d: Uint8Array, at: number): boolean {
  return d[at] === 0x03 && d[at + 1] <= 0x03;
}

/**
 * `\x16\xfe[\xff\xfd]\x00{7}...\x01...........\xfe[\xff\xfd]`: a DTLS 1.0/1.2 record of epoch
 * 0 with a low sequence number, holding a ClientHello.
 */
export function looksLikeDtlsClientHello(d: Uint8Array): boolean {
  if (d.length < 27 || d[0] !== HANDSHAKE || !isDtlsVersion(d, 1)) return false;
  for (let i = 3; i < 10; i++) if (d[i] !== 0) return false;
  return d[13] === CLIENT_HELLO && isDtlsVersion(d, 25);
}

function isDtlsVersion(d: Uint8Array, at: number): boolean {
  return d[at] === 0xfe && (d[at + 1] === 0xff || d[at + 1] === 0xfd);
}

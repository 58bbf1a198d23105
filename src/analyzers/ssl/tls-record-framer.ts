/**
 * Frames TLS records (RFC 5246 6.2) out of one TCP direction's reassembled bytes: a record may
 * arrive split over segments, and a segment may carry several records. The first record fixes
 * the connection's record-layer version; a later record with an impossible version means the
 * stream is not (or no longer) TLS and stops parsing with a violation, as Zeek does.
 */
import { Version, recordVersionOk } from './tls-constants.js';

const HEADER_BYTES = 5;
/** Record types a TLS record header may carry (change cipher spec .. future types). */
const MIN_CONTENT_TYPE = 20;
const MAX_CONTENT_TYPE = 30;
/** SSLv2 record types (RFC 6101 appendix E): client hello, server hello. */
const V2_CLIENT_HELLO = 1;
const V2_SERVER_HELLO = 4;
/** SSLv2 message types are reported as content types offset by this much, as Zeek does. */
export const V2_CONTENT_TYPE_OFFSET = 300;

export interface TlsRecordSink {
  record(isOrig: boolean, contentType: number, rawVersion: number, body: Uint8Array): void;
  violation(reason: string): void;
  readonly skipping: boolean;
}

export class TlsRecordFramer {
  /** Record-layer version of the connection, once its first record was seen. */
  private recordLayerVersion: number = Version.UNKNOWN;
  /** Incomplete record bytes per direction (owned copies): originator, responder. */
  private readonly pending: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];

  constructor(private readonly sink: TlsRecordSink) {}

  push(isOrig: boolean, data: Uint8Array): void {
    const slot = isOrig ? 0 : 1;
    const buf = this.pending[slot].length === 0 ? data : concat(this.pending[slot], data);
    let pos = 0;
    while (!this.sink.skipping && buf.length - pos >= HEADER_BYTES) {
      const layer = this.recordLayer(buf, pos, isOrig);
      if (layer === Version.UNKNOWN) break;
      const v2 = layer === Version.SSLv2;
      const length = v2
        ? Math.max(0, (((buf[pos] & 0x7f) << 8) | buf[pos + 1]) - 3)
        : (buf[pos + 3] << 8) | buf[pos + 4];
      if (buf.length - pos - HEADER_BYTES < length) break;

      const contentType = v2 ? buf[pos + 2] + V2_CONTENT_TYPE_OFFSET : buf[pos];
      const rawVersion = v2 ? 0 : (buf[pos + 1] << 8) | buf[pos + 2];
      const start = pos + HEADER_BYTES;
      this.sink.record(isOrig, contentType, rawVersion, buf.subarray(start, start + length));
      pos = start + length;
    }
    this.pending[slot] = this.sink.skipping ? new Uint8Array(0) : buf.slice(pos);
  }

  /** The record layer a header belongs to, or UNKNOWN after reporting a violation. */
  private recordLayer(buf: Uint8Array, pos: number, isOrig: boolean): number {
    const h0 = buf[pos];
    const version = (buf[pos + 1] << 8) | buf[pos + 2];
    if (this.recordLayerVersion === Version.SSLv2) return Version.SSLv2;
    if (this.recordLayerVersion !== Version.UNKNOWN) {
      if (recordVersionOk(version)) return this.recordLayerVersion;
      this.sink.violation(
        `Invalid version late in TLS connection. Packet reported version: ${version}`,
      );
      return Version.UNKNOWN;
    }
    if ((h0 & 0x80) !== 0) return this.v2RecordLayer(buf, pos, isOrig);
    if (!recordVersionOk(version)) {
      this.sink.violation(`Invalid version in TLS connection. Version: ${version}`);
      return Version.UNKNOWN;
    }
    if (h0 >= MIN_CONTENT_TYPE && h0 <= MAX_CONTENT_TYPE) {
      this.recordLayerVersion = version;
      return version;
    }
    this.sink.violation(`Invalid type in TLS connection. Version: ${version}, Type: ${h0}`);
    return Version.UNKNOWN;
  }

  /** An SSLv2-style header (high bit set): only a v2 client or server hello is plausible. */
  private v2RecordLayer(buf: Uint8Array, pos: number, isOrig: boolean): number {
    const [h1, h2, h3, h4] = [buf[pos + 1], buf[pos + 2], buf[pos + 3], buf[pos + 4]];
    if (h2 === V2_CLIENT_HELLO && isOrig) {
      const version = (h3 << 8) | h4;
      if (version === Version.SSLv2 || recordVersionOk(version)) return Version.SSLv2;
      this.sink.violation(`Invalid version in SSL client hello. Version: ${version}`);
      return Version.UNKNOWN;
    }
    if (h2 === V2_SERVER_HELLO && h4 < 2 && !isOrig) {
      this.recordLayerVersion = Version.SSLv2;
      return Version.SSLv2;
    }
    this.sink.violation(
      `Invalid headers in SSL connection. Head1: ${h1}, head2: ${h2}, head3: ${h3}`,
    );
    return Version.UNKNOWN;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

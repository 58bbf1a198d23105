/**
 * DTLS records (RFC 6347 4.1) and handshake fragments (4.2.3). A datagram holds whole records;
 * a handshake message may be split into fragments over several records, which are put back
 * together before the message is interpreted like a TLS one.
 */
import { ByteReader, TruncatedMessage } from './byte-reader.js';
import { DtlsFragmentBuffer } from './dtls-fragments.js';
import { ContentType, Version } from './tls-constants.js';
import type { TlsAnalysis } from './ssl-analyzer.js';

const RECORD_HEADER_BYTES = 13;
/** STUN's magic cookie at bytes 4-7: such datagrams share the port and are skipped. */
const STUN_MAGIC = [0x21, 0x12, 0xa4, 0x42];
const STUN_MIN_BYTES = 20;

export interface DtlsLimits {
  /** Records of an unknown version tolerated before parsing stops. */
  readonly maxVersionErrors: number;
  /** Largest handshake message reassembled from fragments. */
  readonly maxHandshakeMessageBytes: number;
}

export const DEFAULT_DTLS_LIMITS: DtlsLimits = {
  maxVersionErrors: 10,
  maxHandshakeMessageBytes: 1 << 24,
};

export class DtlsRecordReader {
  private invalidVersions = 0;
  private reportedVersionError = false;
  private readonly fragments: [DtlsFragmentBuffer, DtlsFragmentBuffer];

  constructor(
    private readonly tls: TlsAnalysis,
    private readonly limits: DtlsLimits = DEFAULT_DTLS_LIMITS,
  ) {
    const max = limits.maxHandshakeMessageBytes;
    this.fragments = [new DtlsFragmentBuffer(max), new DtlsFragmentBuffer(max)];
  }

  datagram(isOrig: boolean, data: Uint8Array): void {
    if (isStun(data)) return;
    const r = new ByteReader(data);
    try {
      while (r.remaining > 0 && !this.tls.stopped) this.record(isOrig, r);
    } catch (err) {
      if (!(err instanceof TruncatedMessage)) throw err;
      this.tls.violation(`Binpac exception: ${err.message} in DTLS record`);
    }
  }

  private record(isOrig: boolean, r: ByteReader): void {
    if (r.remaining < RECORD_HEADER_BYTES) throw new TruncatedMessage('DTLS record header');
    const contentType = r.u8();
    const version = r.u16();
    const epoch = r.u16();
    const sequence = r.u16() * 0x100000000 + r.u32();
    const body = r.bytes(r.u16());
    if (!this.versionOk(version)) return;

    if (epoch === 0 && contentType === ContentType.HANDSHAKE) {
      this.handshakeFragments(isOrig, body, version, sequence);
    } else {
      this.tls.records.dtlsRecord(isOrig, contentType, epoch, body);
    }
  }

  private handshakeFragments(isOrig: boolean, body: Uint8Array, version: number, seq: number) {
    const r = new ByteReader(body);
    while (r.remaining > 0) {
      const type = r.u8();
      const length = r.u24();
      const messageSeq = r.u16();
      const offset = r.u24();
      const fragment = { type, length, messageSeq, offset, data: r.bytes(r.u24()), recordSeq: seq };
      const result = this.fragments[isOrig ? 0 : 1].add(fragment);
      if (typeof result === 'string') {
        this.tls.violation(result);
        return;
      }
      if (result !== undefined)
        this.tls.records.handshakeMessage(isOrig, fragment.type, result, version);
    }
  }

  /** Unknown versions are dropped; after a confirmation the first one is a violation. */
  private versionOk(version: number): boolean {
    if (version === Version.DTLSv10 || version === Version.DTLSv12) return true;
    this.invalidVersions++;
    if (!this.reportedVersionError && this.tls.ctx.conn.services.includes('dtls')) {
      this.reportedVersionError = true;
      this.tls.reportViolation(
        `Invalid version in DTLS connection. Packet reported version: ${version}`,
      );
    }
    if (this.invalidVersions > this.limits.maxVersionErrors)
      this.tls.violation('too many invalid DTLS versions');
    return false;
  }
}

function isStun(d: Uint8Array): boolean {
  return (
    d.length > STUN_MIN_BYTES &&
    d[4] === STUN_MAGIC[0] &&
    d[5] === STUN_MAGIC[1] &&
    d[6] === STUN_MAGIC[2] &&
    d[7] === STUN_MAGIC[3]
  );
}

/**
 * The record behind one quic.log row (Zeek's `QUIC::Info`). A connection holds at most one at
 * a time: a Retry, a CONNECTION_CLOSE or an unknown version writes it and the next packet
 * starts a new one, so one UDP connection may yield several rows.
 */
import type { Connection } from '../../stages/connection.js';

const EXTRA_KEY = 'quic';

export class QuicInfo {
  /** Hex of the client's first Destination Connection ID, when it had one. */
  clientInitialDcid: string | undefined;
  /** Hex of the latest Source Connection ID of each side (empty string for a zero-length id). */
  clientScid: string | undefined;
  serverScid: string | undefined;
  /** First SNI name and first ALPN protocol of the ClientHello (raw bytes). */
  serverName: Uint8Array | undefined;
  clientProtocol: Uint8Array | undefined;
  /** One letter per packet kind seen; upper case from the originator. */
  history = '';

  constructor(
    /** Network time of the first packet of this row. */
    readonly ts: number,
    /** quic.log's version name of the first packet. */
    readonly version: string,
  ) {}
}

export function quicInfoOf(c: Connection): QuicInfo | undefined {
  return c.extra.get(EXTRA_KEY) as QuicInfo | undefined;
}

export function setQuicInfo(c: Connection, info: QuicInfo): void {
  c.extra.set(EXTRA_KEY, info);
}

/** Forgets the connection's record once written, so the next packet starts a new row. */
export function clearQuicInfo(c: Connection): void {
  c.extra.delete(EXTRA_KEY);
}

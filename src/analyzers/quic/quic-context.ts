/**
 * What one QUIC connection's analysis keeps across datagrams and directions: the client's
 * first Destination Connection ID (the Initial keys derive from it), connection id lengths,
 * each side's CRYPTO stream, and packet counters.
 */
import { CryptoStream } from './crypto-stream.js';
import { FirstHandshakeMessage } from './first-handshake-message.js';
import { initialKeys, type InitialKeys } from './initial-keys.js';

/** One side's handshake bytes: reassembled by offset, then the first message passed on. */
export class CryptoSide {
  readonly message: FirstHandshakeMessage;
  readonly stream: CryptoStream;

  constructor(forward: (data: Uint8Array) => void, maxHeldBytes: number) {
    this.message = new FirstHandshakeMessage(forward);
    this.stream = new CryptoStream((data) => this.message.push(data), maxHeldBytes);
  }
}

export class QuicContext {
  /** Length of the connection id the client chose for itself (short headers carry it). */
  clientCidLen = 0;
  serverCidLen = 0;
  /** The client's first Destination Connection ID (an owned copy); reset by a Retry. */
  initialDcid: Uint8Array | undefined;
  /** Per-side CRYPTO state; undefined until a packet arrives, and again after a Retry. */
  clientCrypto: CryptoSide | undefined;
  serverCrypto: CryptoSide | undefined;
  totalDecrypted = 0;
  totalDiscarded = 0;
  /** Short-header packets per side (orig, resp), and the count that raises the next event. */
  readonly shortTotal: [number, number] = [0, 0];
  readonly shortNextThreshold: [number, number] = [1, 1];
  private keyCache: { version: number; keys: [InitialKeys, InitialKeys] } | undefined;

  /** Drops the handshake state, as a Retry makes the client start over with a new id. */
  resetCrypto(): void {
    this.clientCrypto = undefined;
    this.serverCrypto = undefined;
    this.initialDcid = undefined;
    this.keyCache = undefined;
  }

  /** The Initial keys of one side, derived once per version and initial DCID. */
  keys(version: number, fromClient: boolean): InitialKeys {
    if (this.keyCache?.version !== version) {
      const dcid = this.initialDcid ?? new Uint8Array(0);
      this.keyCache = {
        version, keys: [initialKeys(version, dcid, true), initialKeys(version, dcid, false)],
      };
    }
    return this.keyCache.keys[fromClient ? 0 : 1];
  }
}

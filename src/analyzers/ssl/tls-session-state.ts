/**
 * What the record layer and the handshake parser of one TLS/DTLS connection share: the
 * negotiated version and cipher, whether roles are flipped, and whether parsing stopped.
 */
import { Version } from './tls-constants.js';

/** Zeek's NO_CHOSEN_CIPHER: no ServerHello seen yet. */
export const NO_CHOSEN_CIPHER = 0xffffffff;

export class TlsSessionState {
  /** Version the server chose (supported_versions wins over the hello's own field). */
  chosenVersion: number = Version.UNKNOWN;
  chosenCipher = NO_CHOSEN_CIPHER;
  /** The TLS client is the connection's responder (seen from hello directions). */
  flipped = false;
  /** A violation stopped parsing for the rest of the connection (Zeek's SetSkip). */
  skipping = false;
  /** Whether SSL_unclear_connection_direction was already reported. */
  alertedDirection = false;

  /** Keeps the first version set: the supported_versions extension comes before the hello's. */
  setVersion(version: number): void {
    if (this.chosenVersion === Version.UNKNOWN) this.chosenVersion = version;
  }
}

/**
 * Infers SSH-2 user authentication results from the sizes of encrypted server packets, as
 * Zeek does: after the client starts sending encrypted data, the server's first packet is the
 * SERVICE_ACCEPT (a fixed 24 bytes of content before padding and MAC), a USERAUTH_SUCCESS is
 * 16 bytes shorter than that, and a failure repeats the size of the first failure. It errs on
 * the side of caution: when unsure it reports nothing.
 */

/** One inferred authentication attempt. */
export interface AuthAttempt {
  readonly authenticated: boolean;
  /** For a success: whether it came straight after SERVICE_ACCEPT (the "none" method). */
  readonly methodNone: boolean;
}

/** SERVICE_ACCEPT minus USERAUTH_SUCCESS, in encrypted bytes (24 vs 8 after padding). */
const SUCCESS_SIZE_DELTA = 16;
/** A first failure this much larger than SERVICE_ACCEPT carries a banner and is skipped. */
const BANNER_SIZE_DELTA = 256;

export class SshAuthInference {
  /** Set once a success was seen; nothing more is inferred after it. */
  decided = false;
  private sawClientData = false;
  private serviceAcceptSize = 0;
  private failureSize = 0;
  private skippedBanner = false;

  /** An encrypted segment of `length` bytes; returns an attempt when one can be told. */
  segment(isOrig: boolean, length: number): AuthAttempt | undefined {
    if (this.decided) return undefined;
    if (isOrig) {
      this.sawClientData = true;
      return undefined;
    }
    if (!this.sawClientData) return undefined;
    if (this.serviceAcceptSize === 0) {
      this.serviceAcceptSize = length;
      return undefined;
    }
    return this.failureSize === 0 ? this.firstReply(length) : this.laterReply(length);
  }

  private firstReply(length: number): AuthAttempt | undefined {
    if (length + SUCCESS_SIZE_DELTA === this.serviceAcceptSize) return this.success(true);
    if (!this.skippedBanner && length - this.serviceAcceptSize > BANNER_SIZE_DELTA) {
      this.skippedBanner = true;
      return undefined;
    }
    this.failureSize = length;
    return undefined;
  }

  private laterReply(length: number): AuthAttempt | undefined {
    if (length === this.failureSize) return { authenticated: false, methodNone: false };
    if (length - this.serviceAcceptSize === -SUCCESS_SIZE_DELTA) return this.success(false);
    return undefined;
  }

  private success(methodNone: boolean): AuthAttempt {
    this.decided = true;
    return { authenticated: true, methodNone };
  }
}

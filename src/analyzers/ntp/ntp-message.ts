/**
 * The NTP message as the analyzer reports it in `ntp_message`: version and mode from the first
 * byte, and one of three bodies by mode (RFC 5905 for modes 1-5, RFC 1119 control messages for
 * mode 6, the implementation-specific mode 7). Field names follow Zeek's NTP::Message.
 */

/** Modes 1-5: the time synchronization message. */
export interface NtpStandardMessage {
  readonly stratum: number;
  /** Maximum interval between successive messages, seconds (2^poll). */
  readonly poll: number;
  /** Precision of the system clock, seconds (2^precision). */
  readonly precision: number;
  /** Round-trip delay to the reference clock, seconds. */
  readonly rootDelay: number;
  /** Dispersion to the reference clock, seconds. */
  readonly rootDisp: number;
  /** Stratum 0: the kiss code (raw 4 bytes). */
  readonly kissCode?: Uint8Array;
  /** Stratum 1: the reference clock's identifier (raw 4 bytes). */
  readonly refId?: Uint8Array;
  /** Stratum 2 and above: the reference clock's IPv4 address (or an IPv6 address hash). */
  readonly refAddr?: string;
  readonly refTime: number;
  readonly orgTime: number;
  readonly recTime: number;
  readonly xmtTime: number;
  /** Key identifier of the message authentication code, when one follows. */
  readonly keyId?: number;
  readonly digest?: Uint8Array;
  /** Extension fields counted (RFC 7822); their content is not interpreted. */
  readonly numExts: number;
}

/** Mode 6: a control message. */
export interface NtpControlMessage {
  readonly opCode: number;
  /** Response bit: set on responses. */
  readonly respBit: boolean;
  /** Error bit: set on error responses. */
  readonly errBit: boolean;
  /** More bit: set on every fragment but the last. */
  readonly moreBit: boolean;
  readonly sequence: number;
  readonly status: number;
  readonly associationId: number;
  /** Payload; absent when the count field is 0. */
  readonly data?: Uint8Array;
  readonly keyId?: number;
  readonly cryptoChecksum?: Uint8Array;
}

/** Mode 7: a private (implementation-specific) message, e.g. ntpd's monlist. */
export interface NtpMode7Message {
  readonly reqCode: number;
  readonly authBit: boolean;
  readonly sequence: number;
  readonly implementation: number;
  readonly err: number;
  /** Payload; absent when its length is 0. */
  readonly data?: Uint8Array;
}

export interface NtpMessage {
  readonly version: number;
  readonly mode: number;
  readonly stdMsg?: NtpStandardMessage;
  readonly controlMsg?: NtpControlMessage;
  readonly mode7Msg?: NtpMode7Message;
}

/** NTP modes the analyzer acts on (RFC 5905 figure 10). */
export const NtpMode = {
  client: 3,
  server: 4,
  control: 6,
  private: 7,
} as const;

/** What http_message_done reports about a finished message (Zeek's http_message_stat). */
export interface HttpMessageStat {
  /** Network time the message started. */
  readonly start: number;
  /** Whether the message was cut short (connection end, gap, RST). */
  readonly interrupted: boolean;
  /** Why the message ended, in Zeek's words. */
  readonly finishMsg: string;
  /** Body bytes after transfer and content decoding. */
  readonly bodyLength: number;
  /** Body bytes skipped over content gaps. */
  readonly contentGapLength: number;
  /** Bytes of the start line and headers. */
  readonly headerLength: number;
}

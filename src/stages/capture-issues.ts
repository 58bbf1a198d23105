import type { WeirdReporter } from '../events/weird-reporter.js';

/**
 * Weirds the acquisition stage raises. libpcap reports these conditions as fatal errors and Zeek
 * then stops with a reporter error, so neither has a weird name for them; ours follow the
 * `<format>_<condition>` rule.
 */
export type CaptureWeirdName =
  /** The input ended inside a record header or its packet bytes. */
  | 'pcap_truncated_record'
  /** The input ended inside a pcapng block. */
  | 'pcapng_truncated_block'
  /** The 24-byte pcap file header is incomplete. */
  | 'pcap_truncated_header'
  /** A record claims more captured bytes than `maxPacketBytes` (the header is damaged). */
  | 'pcap_bad_caplen'
  /** A pcapng packet claims more bytes than its block holds or than `maxPacketBytes`. */
  | 'pcapng_bad_caplen'
  /** A record holds more bytes than the snapshot length; the packet is cut to the snaplen. */
  | 'pcap_caplen_exceeds_snaplen'
  /** A sub-second field is out of range (micro >= 1e6, nano >= 1e9); carried into seconds. */
  | 'pcap_invalid_timestamp'
  /** The pcap version is one libpcap does not read either. */
  | 'pcap_unsupported_version'
  /** Reserved bits of the pcap link-type field are set; they are ignored. */
  | 'pcap_reserved_link_type_bits'
  /** A pcapng block length is too small, unaligned, too large, or differs from its trailer. */
  | 'pcapng_bad_block_length'
  /** A section header has an unknown byte-order magic, so nothing after it can be framed. */
  | 'pcapng_bad_byte_order'
  /** A section header has a major version other than 1. */
  | 'pcapng_unsupported_version'
  /** A packet names an interface no Interface Description Block declared; it is skipped. */
  | 'pcapng_unknown_interface'
  /** An option overruns its block or has the wrong size for its code; it is ignored. */
  | 'pcapng_bad_option'
  /** An if_tsresol beyond 10^-19 or 2^-63 (libpcap's limits); microseconds are assumed. */
  | 'pcapng_bad_tsresol'
  /** A gzip-compressed capture is corrupt after some good data. */
  | 'capture_gzip_corrupt';

/**
 * Counts and forwards the acquisition stage's weirds. Every weird is counted, so the CLI can
 * print a summary even when no reporter was given.
 */
export class CaptureIssues {
  /** Total weirds raised so far. */
  total = 0;
  /** Weirds per name. */
  readonly counts = new Map<CaptureWeirdName, number>();

  constructor(private readonly reporter: WeirdReporter | undefined) {}

  /** Reports one weird; `ts` is the time of the nearest packet (0 before the first one). */
  report(name: CaptureWeirdName, ts: number, addl: string): void {
    this.total++;
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.reporter?.netWeird(name, ts, addl, 'capture');
  }
}

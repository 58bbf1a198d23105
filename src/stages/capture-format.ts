import type { BatchAssembler } from './batch-assembler.js';
import type { CaptureIssues } from './capture-issues.js';

/** What a capture file says about itself, as a writer needs it to write the same kind of file. */
export interface CaptureInfo {
  readonly format: 'pcap' | 'pcapng';
  /** True when the file's timestamps have nanosecond resolution or finer. */
  readonly nanosecond: boolean;
  /**
   * Link type of the file (pcap) or of its first interface (pcapng), with the FCS bits of the
   * pcap header field kept: libpcap writes the field back that way.
   */
  readonly headerLinkType: number;
  /** The snapshot length libpcap would report for the file (see `effectiveSnaplen`). */
  readonly snaplen: number;
}

/** The pcap link-type field: the link type in the low bits, then reserved bits, then FCS bits. */
export const LINK_TYPE_MASK = 0x03ffffff;

/** The file's link type without the FCS bits, or undefined before its header is read. */
export function fileLinkType(info: CaptureInfo | undefined): number | undefined {
  return info === undefined ? undefined : info.headerLinkType & LINK_TYPE_MASK;
}

/** What a format parser writes into and reports through. */
export interface FormatContext {
  readonly assembler: BatchAssembler;
  readonly issues: CaptureIssues;
  /** Largest captured length accepted for one packet. */
  readonly maxPacketBytes: number;
}

/**
 * A parser of one capture file format. The source feeds it the file's bytes in chunks; it
 * parses the records (file header, packet records, pcapng blocks) that lie wholly inside and
 * says how many bytes it needs to finish the one that does not.
 */
export interface CaptureFormat {
  /** Set once the file header (pcap) or first interface (pcapng) has been read. */
  readonly info: CaptureInfo | undefined;
  /** True after damage the parser cannot skip: the source stops reading. */
  readonly stopped: boolean;

  /**
   * Bytes that the record starting at `buf[off]` occupies, given `end - off` available bytes:
   * the whole record once its header is there, else the header's size. A header whose length
   * is impossible counts as header only, so `parse` sees it and reports it.
   */
  recordSize(buf: Buffer, off: number, end: number): number;

  /**
   * Parses the complete records in `buf[off, end)`, adding packets to the assembler (which the
   * caller has pointed at `buf`). Returns where the first incomplete record starts.
   */
  parse(buf: Buffer, off: number, end: number): number;

  /** Reports the input ending inside a record, of which `have` of `need` bytes arrived. */
  reportTruncated(have: number, need: number): void;
}

/** A DataView over exactly the bytes of `buf`, for endian-aware reads. */
export function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

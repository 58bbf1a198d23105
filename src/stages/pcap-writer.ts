import { createWriteStream, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { Transform, Writable } from 'node:stream';

import { ConfigError } from '../config/config-error.js';
import { OutputError, systemReason } from '../sinks/output-error.js';
import type { CaptureInfo } from './capture-format.js';
import { DEFAULT_MAX_PACKET_BYTES } from './capture-limits.js';
import type { PacketBatch } from './packet-batch.js';
import { encodePcapHeader, encodePcapRecords } from './pcap-encoder.js';

const LINKTYPE_ETHERNET = 1;

export interface PcapWriterOptions {
  /** Link-type header field; by default the source's, else the first packet's, else Ethernet. */
  readonly linkType?: number;
  /** Snaplen header field; by default the source's, else `DEFAULT_MAX_PACKET_BYTES`. */
  readonly snaplen?: number;
  /**
   * The capture source the packets come from (`CaptureSource` fits): its `captureInfo` gives the
   * header fields tcpdump would copy, including the FCS bits of a pcap link-type field.
   */
  readonly from?: { readonly captureInfo: CaptureInfo | undefined };
  /** End a Writable destination when the writer finishes (default true; a path is always). */
  readonly end?: boolean;
}

/**
 * Writes batches to a classic microsecond pcap, as `tcpdump -r IN -w OUT` would: the input's
 * link type and snaplen in the header, one record per packet. The header is written with the
 * first batch, or at the end when there is none, so an empty input gives a 24-byte file.
 */
class PcapFileSink {
  private readonly out: Writable;
  private readonly ownsOut: boolean;
  private headerWritten = false;

  /**
   * A path is opened at once, so that a file that cannot be created fails before any packet is
   * read; that failure is an OutputError naming the file.
   */
  constructor(
    private readonly dest: string | Writable,
    private readonly opts: PcapWriterOptions,
  ) {
    this.out = typeof dest === 'string' ? createWriteStream(dest, { fd: openPcap(dest) }) : dest;
    this.ownsOut = typeof dest === 'string' || opts.end !== false;
  }

  /** Ends `stream` with the destination's errors; a file's are OutputErrors naming it. */
  forwardErrors(stream: Writable): void {
    this.out.on('error', (err) => stream.destroy(this.described(err)));
  }

  write(batch: PacketBatch, done: (err?: Error | null) => void): void {
    if (!this.headerWritten) this.writeHeader(batch);
    if (batch.count === 0) return done();

    if (this.out.write(encodePcapRecords(batch))) done();
    else this.out.once('drain', () => done());
  }

  finish(done: (err?: Error | null) => void): void {
    if (!this.headerWritten) this.writeHeader(undefined);
    if (!this.ownsOut) return done();

    // A write that fails while the file is closed is reported here, after the last batch.
    this.out.end((err?: Error | null) => done(err ? this.described(err) : null));
  }

  private described(err: Error): Error {
    if (typeof this.dest !== 'string') return err;
    const message = `cannot write ${this.dest}: ${systemReason(err)}`;
    return new OutputError(this.dest, message, { cause: err });
  }

  private writeHeader(first: PacketBatch | undefined): void {
    const info = this.opts.from?.captureInfo;
    const firstLinkType = first !== undefined && first.count > 0 ? first.linkType[0] : undefined;
    const linkType = this.opts.linkType ?? info?.headerLinkType ?? firstLinkType;
    const snaplen = this.opts.snaplen ?? info?.snaplen ?? DEFAULT_MAX_PACKET_BYTES;

    this.out.write(encodePcapHeader(linkType ?? LINKTYPE_ETHERNET, snaplen));
    this.headerWritten = true;
  }
}

/**
 * A Writable (object mode) that consumes `PacketBatch`es into a pcap file at `dest`, or into
 * the given Writable. Back-pressure from the destination holds up the batches.
 */
export function createPcapWriter(dest: string | Writable, opts: PcapWriterOptions = {}): Writable {
  const sink = new PcapFileSink(dest, opts);
  const writer = new Writable({
    objectMode: true,
    write: (batch: PacketBatch, _encoding, callback) => sink.write(batch, callback),
    final: (callback) => sink.finish(callback),
  });
  sink.forwardErrors(writer);
  return writer;
}

/**
 * The same writer as a pass-through stage: each batch is written to the pcap and then handed on
 * unchanged, so a pipeline can save what passed a filter and keep analysing it. The batch's
 * bytes are copied into the file before it moves on.
 */
export function createPcapTee(dest: string | Writable, opts: PcapWriterOptions = {}): Transform {
  const sink = new PcapFileSink(dest, opts);
  const tee = new Transform({
    objectMode: true,
    transform: (batch: PacketBatch, _encoding, callback) =>
      sink.write(batch, (err) => callback(err, batch)),
    flush: (callback) => sink.finish(callback),
  });
  sink.forwardErrors(tee);
  return tee;
}

function openPcap(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (err) {
    throw new OutputError(path, `cannot create ${path}: ${systemReason(err)}`, { cause: err });
  }
}

/**
 * Refuses a pcap output that is the capture being read (`-r`, or standard input for `-`): opening
 * it for writing would empty it before a packet is read. The same name is refused, and so is
 * another name for the same file (a link, another path), told by device and inode.
 */
export function checkNotInput(writePath: string, readPath: string): void {
  const sameName = readPath !== '-' && resolve(readPath) === resolve(writePath);
  const output = statIfAny(() => statSync(writePath));
  const input = statIfAny(() => (readPath === '-' ? fstatSync(0) : statSync(readPath)));
  // Writing to a device or a pipe destroys nothing, even if the input comes from it.
  const sameFile =
    output?.isFile() === true && input?.dev === output.dev && input.ino === output.ino;
  if (!sameName && !sameFile) return;

  const what = readPath === '-' ? 'standard input' : readPath;
  throw new ConfigError(
    `-w ${writePath} is the capture being read (${what}): writing it would destroy the input`,
  );
}

function statIfAny(stat: () => Stats): Stats | undefined {
  try {
    return stat();
  } catch {
    return undefined;
  }
}

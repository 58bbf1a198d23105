/**
 * Content-Encoding gzip and deflate, undone so body lengths and files are the decompressed
 * bytes, as Zeek reports them. Node offers no synchronous streaming inflate, so compressed
 * bytes are kept and the whole stream is inflated again each time it doubles (amortised
 * linear work); a sync flush makes every pass yield a prefix of the final output, of which
 * only the new part is passed on. Both buffers are bounded by one limit.
 */
import { constants, inflateRawSync, inflateSync, unzipSync } from 'node:zlib';
import { copyBytes } from '../../stages/copy-bytes.js';

export type ContentEncoding = 'gzip' | 'deflate';

const SYNC = { finishFlush: constants.Z_SYNC_FLUSH };

export interface DecompressorSink {
  output(bytes: Uint8Array): void;
  /** Inflating failed (corrupt data): the rest of the body is not decompressed. */
  failed(reason: string): void;
  /** The limit was reached: the rest of the body is not decompressed. */
  limitReached(bytes: number, limit: number): void;
}

export class HttpDecompressor {
  private readonly chunks: Uint8Array[] = [];
  private compressed = 0;
  private inflatedAt = 0;
  private delivered = 0;
  private stopped = false;

  constructor(
    private readonly encoding: ContentEncoding,
    private readonly sink: DecompressorSink,
    /** Most compressed or decompressed bytes held per body. */
    private readonly limit: number,
  ) {}

  /** More compressed bytes; `bytes` may be a view valid only during the call. */
  write(bytes: Uint8Array): void {
    if (this.stopped || bytes.length === 0) return;
    if (this.compressed + bytes.length > this.limit) {
      this.stop();
      this.sink.limitReached(this.compressed + bytes.length, this.limit);
      return;
    }
    this.chunks.push(copyBytes(bytes));
    this.compressed += bytes.length;
    if (this.compressed >= 2 * this.inflatedAt) this.inflate();
  }

  /** End of the body: whatever the stream still yields is passed on. */
  end(): void {
    if (this.stopped) return;
    if (this.compressed > this.inflatedAt) this.inflate();
    this.stop();
  }

  private inflate(): void {
    this.inflatedAt = this.compressed;
    let out: Buffer;
    try {
      out = this.run(Buffer.concat(this.chunks));
    } catch (err) {
      this.stop();
      this.sink.failed((err as Error).message);
      return;
    }
    this.deliverNew(out);
  }

  private deliverNew(out: Buffer): void {
    if (out.length > this.limit) {
      this.sink.output(out.subarray(this.delivered, this.limit));
      this.stop();
      this.sink.limitReached(out.length, this.limit);
      return;
    }
    if (out.length > this.delivered) this.sink.output(out.subarray(this.delivered));
    this.delivered = out.length;
  }

  /** gzip accepts zlib streams too; deflate is zlib-wrapped or raw, judged by its header. */
  private run(data: Buffer): Buffer {
    if (this.encoding === 'gzip') return unzipSync(data, SYNC);
    const zlibWrapped = data.length >= 2 && (data[0] & 0x0f) === 8 &&
      ((data[0] << 8) | data[1]) % 31 === 0;
    return zlibWrapped ? inflateSync(data, SYNC) : inflateRawSync(data, SYNC);
  }

  private stop(): void {
    this.stopped = true;
    this.chunks.length = 0;
  }
}

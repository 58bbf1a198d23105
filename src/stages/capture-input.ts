import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { Readable as ReadableStream } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';
import { READ_CHUNK_BYTES } from './capture-limits.js';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const GZIP_MAGIC_BYTES = 2;

/**
 * The bytes of a capture, in large chunks: a file, or standard input for `-`, decompressed when
 * it starts with the gzip magic (whatever its name). Each chunk is a fresh buffer that nothing
 * rewrites, so packets may be referenced in place.
 */
export class CaptureInput {
  /** The stream of the file or of standard input itself. */
  readonly raw: Readable;

  constructor(path: string, stdin: Readable) {
    this.raw = path === '-' ? stdin : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  }

  /**
   * Yields the capture's bytes; the first chunk holds at least `headBytes` bytes unless the
   * input is shorter. Errors of the file and of gzip decoding are thrown as they come; gzip
   * ones carry a `code` starting with `Z_`.
   */
  async *chunks(headBytes: number): AsyncGenerator<Buffer> {
    const raw = withHead(this.raw, GZIP_MAGIC_BYTES);
    const first = await raw.next();
    if (first.done === true) return;

    const all = prepend(first.value, raw);
    const bytes = isGzip(first.value) ? gunzip(all) : all;
    yield* withHead(bytes, headBytes);
  }
}

/** True for errors that come from decompressing, as opposed to reading. */
export function isGzipError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function isGzip(head: Buffer): boolean {
  return head.length >= GZIP_MAGIC_BYTES && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/**
 * Decompresses, tolerating a cut-off end: Z_SYNC_FLUSH hands on what was decoded instead of
 * failing, so a truncated .gz reads like a truncated capture.
 */
function gunzip(compressed: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const inflater = createGunzip({
    chunkSize: READ_CHUNK_BYTES,
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  pipeline(ReadableStream.from(compressed), inflater, () => {});
  return inflater;
}

async function* prepend(first: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  yield* rest;
}

/**
 * Passes chunks through, except that the first one yielded holds at least `n` bytes (joined
 * from small chunks, as a pipe may deliver) unless the input is shorter.
 */
async function* withHead(source: AsyncIterable<Buffer>, n: number): AsyncGenerator<Buffer> {
  const parts: Buffer[] = [];
  let have = 0;
  for await (const chunk of source) {
    if (have >= n) {
      yield chunk;
      continue;
    }

    parts.push(chunk);
    have += chunk.length;
    if (have >= n) yield parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
  if (have > 0 && have < n) yield Buffer.concat(parts);
}

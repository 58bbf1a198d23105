/**
 * The MD5, SHA1 and SHA256 file analyzers: digests over the bytes in order, reported when
 * the file ends. A file with missing bytes gets no digest, as in Zeek (it would be wrong).
 */
import { createHash, type Hash } from 'node:crypto';

import type { HashKind } from './file-state.js';

const ANALYZER_NAMES: Readonly<Record<HashKind, string>> = {
  md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256',
};

export class FileHasher {
  private readonly hash: Hash;
  private invalid = false;

  constructor(readonly kind: HashKind) {
    this.hash = createHash(kind);
  }

  /** The name files.log lists among the file's analyzers. */
  get analyzerName(): string {
    return ANALYZER_NAMES[this.kind];
  }

  update(bytes: Uint8Array): void {
    if (!this.invalid) this.hash.update(bytes);
  }

  /** A gap makes the digest meaningless. */
  gap(): void {
    this.invalid = true;
  }

  /** The hex digest, or undefined when bytes were missing. */
  finish(): string | undefined {
    return this.invalid ? undefined : this.hash.digest('hex');
  }
}

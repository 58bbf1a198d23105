/**
 * Fingerprints of a server host key as Zeek reports them: MD5 in colon-separated hex, and
 * `SHA256:` with base64 of the SHA-256 digest. Zeek's base64 output buffer holds only 32 of
 * the 44 characters, so its SHA256 fingerprints are cut there; ssh.log keeps that form so
 * the column matches Zeek's logs (a full `ssh-keygen -l` fingerprint starts the same way).
 */
import { createHash } from 'node:crypto';

/** Base64 characters Zeek keeps of a SHA-256 fingerprint. */
const SHA256_FINGERPRINT_CHARS = 32;

/** `aa:bb:...` of the MD5 of `key`. */
export function md5Fingerprint(key: Uint8Array): string {
  return colonHex(createHash('md5').update(key).digest());
}

/** `SHA256:` and the first 32 base64 characters of the SHA-256 of the given parts. */
export function sha256Fingerprint(...parts: Uint8Array[]): string {
  return sha256Text(sha256(...parts));
}

/** Colon-separated lower-case hex of a digest. */
export function colonHex(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(':');
}

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function sha256Text(digest: Uint8Array): string {
  return 'SHA256:' + Buffer.from(digest).toString('base64').slice(0, SHA256_FINGERPRINT_CHARS);
}

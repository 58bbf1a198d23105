/**
 * HASSH (github.com/salesforce/hassh, version 1.0): a client or server fingerprint, the MD5 in
 * lower-case hex of the side's key exchange, encryption, MAC and compression name-lists for
 * the direction it sends in, joined by `;`. Host key algorithms and languages are left out.
 */
import { createHash } from 'node:crypto';

/** The HASSH (for a client) or HASSHServer (for a server) of its algorithm string. */
export function hassh(algorithms: string): string {
  return createHash('md5').update(Buffer.from(algorithms, 'latin1')).digest('hex');
}

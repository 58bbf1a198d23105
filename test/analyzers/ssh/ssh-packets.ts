/** Builds SSH wire messages for tests: identification lines, KEXINIT and other packets. */
import { DEFAULT_SSH_LIMITS } from '../../../src/analyzers/ssh/ssh-options.js';

export const LIMITS = { ...DEFAULT_SSH_LIMITS };

/** An SSH string: uint32 length, then the bytes. */
export function sshString(data: string | Uint8Array): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** An SSH-2 binary packet around `payload` (type byte included), padded to 8 bytes. */
export function packet(payload: Buffer, padding = 4 + ((8 - ((payload.length + 9) % 8)) % 8)) {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(payload.length + padding + 1);
  head[4] = padding;
  return Buffer.concat([head, payload, Buffer.alloc(padding)]);
}

export interface KexLists {
  kex: string;
  hostKey: string;
  encC2S: string;
  encS2C: string;
  macC2S: string;
  macS2C: string;
  compC2S: string;
  compS2C: string;
  langC2S?: string;
  langS2C?: string;
}

export const CLIENT_LISTS: KexLists = {
  kex: 'curve25519-sha256,diffie-hellman-group14-sha256',
  hostKey: 'ssh-ed25519,rsa-sha2-512',
  encC2S: 'aes128-ctr,aes256-ctr',
  encS2C: 'aes128-ctr,aes256-ctr',
  macC2S: 'hmac-sha2-256,hmac-sha1',
  macS2C: 'hmac-sha2-256,hmac-sha1',
  compC2S: 'none,zlib@openssh.com',
  compS2C: 'none,zlib@openssh.com',
};

export const SERVER_LISTS: KexLists = {
  ...CLIENT_LISTS,
  kex: 'diffie-hellman-group14-sha256,curve25519-sha256',
  hostKey: 'rsa-sha2-512,ssh-ed25519',
  encC2S: 'aes256-ctr,aes128-ctr',
  encS2C: 'aes256-ctr,aes128-ctr',
  macC2S: 'hmac-sha1',
  macS2C: 'hmac-sha1',
};

/** A KEXINIT packet (message 20) with a zero cookie. */
export function kexInit(l: KexLists): Buffer {
  const lists = [l.kex, l.hostKey, l.encC2S, l.encS2C, l.macC2S, l.macS2C, l.compC2S, l.compS2C,
    l.langC2S ?? '', l.langS2C ?? ''];
  return packet(Buffer.concat([Buffer.of(20), Buffer.alloc(16), ...lists.map(sshString),
    Buffer.of(0), Buffer.alloc(4)]));
}

export const NEWKEYS = packet(Buffer.of(21));

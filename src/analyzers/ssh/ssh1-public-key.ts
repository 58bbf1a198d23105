/**
 * SSH-1's SMSG_PUBLIC_KEY (the draft protocol 1.5, section "Packet types"): the server's
 * host key as an RSA exponent and modulus, from which its fingerprint is taken.
 */
import { SshReader } from './ssh-reader.js';

/** SSH-1 message numbers the analyzer understands. */
export const SSH1_SMSG_PUBLIC_KEY = 2;
export const SSH1_CMSG_SESSION_KEY = 3;

const COOKIE_BYTES = 8;
const BITS_PER_BYTE = 8;
/** Protocol flags, supported ciphers and supported authentications: three uint32. */
const TRAILER_BYTES = 12;

export interface Ssh1HostKey {
  readonly exponent: Uint8Array;
  readonly modulus: Uint8Array;
}

/** The host key of an SMSG_PUBLIC_KEY message body (after the type); undefined if truncated. */
export function parseSsh1PublicKey(r: SshReader): Ssh1HostKey | undefined {
  r.bytes(COOKIE_BYTES);
  r.u32();
  mpInt(r);
  mpInt(r);
  r.u32();
  const exponent = mpInt(r);
  const modulus = mpInt(r);
  r.bytes(TRAILER_BYTES);
  return r.overrun ? undefined : { exponent, modulus };
}

/** An SSH-1 multiple-precision integer: its size in bits, then the bytes. */
function mpInt(r: SshReader): Uint8Array {
  const bits = r.u16();
  return r.bytes(Math.ceil(bits / BITS_PER_BYTE));
}

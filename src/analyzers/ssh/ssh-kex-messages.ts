/**
 * The key exchange messages that follow KEXINIT (numbers 30 and up, whose meaning depends on
 * the agreed method): RFC 4253 section 8 (DH), RFC 4419 (group exchange), RFC 4432 (RSA),
 * RFC 4462 (GSS-API), RFC 5656 (ECDH, ECMQV). Only what the analyzer reports is kept: the
 * server host key, ECDH public keys and DH group parameters.
 */
import type { KexState } from './ssh-kex-method.js';
import { SshReader } from './ssh-reader.js';

/** min, n and max of a group-exchange request: three uint32. */
const GEX_REQUEST_BYTES = 12;
/** Major and minor status of a GSS error: two uint32. */
const GSS_STATUS_BYTES = 8;

export interface KexMessage {
  /** K_S of a reply or GSS host key message. */
  readonly hostKey?: Uint8Array;
  /** Q_C or Q_S of an ECDH message. */
  readonly eccKey?: Uint8Array;
  /** p and g of a DH group. */
  readonly dhGroup?: { readonly p: Uint8Array; readonly g: Uint8Array };
}

/**
 * Result of reading one message: its content, `unexpected` for a number the method does not
 * define (where Zeek's grammar has no fallback), or `truncated`.
 */
export type KexParse = KexMessage | 'unexpected' | 'truncated';

/** Reads message `type` of method `state` from `r` (positioned after the type byte). */
export function parseKexMessage(state: KexState, type: number, r: SshReader): KexParse {
  const message = read(state, type, r);
  if (message === 'unexpected') return message;
  return r.overrun ? 'truncated' : message;
}

function read(state: KexState, type: number, r: SshReader): KexParse {
  switch (state) {
    case 'kex_ecc':
      return ecc(type, r);
    case 'kex_dh':
      return dh(type, r);
    case 'kex_dh_gex':
      return dhGex(type, r);
    case 'kex_gss':
      return gss(type, r);
    case 'kex_rsa':
      return rsa(type, r);
    case 'kex_init':
      return 'unexpected';
  }
}

/** ECDH/ECMQV: 30 is the client's init, 31 the server's reply. */
function ecc(type: number, r: SshReader): KexParse {
  if (type === 30) return { eccKey: r.string() };
  if (type !== 31) return 'unexpected';
  const hostKey = r.string();
  const eccKey = r.string();
  r.string();
  return { hostKey, eccKey };
}

/** Fixed-group DH: 30 init (e), 31 reply; anything else is skipped. */
function dh(type: number, r: SshReader): KexParse {
  if (type === 30) r.string();
  if (type === 31) return reply(r);
  return {};
}

/** Group exchange: request (old and new), group, init, reply; anything else is skipped. */
function dhGex(type: number, r: SshReader): KexParse {
  switch (type) {
    case 30:
      r.u32();
      return {};
    case 31:
      return { dhGroup: { p: r.string(), g: r.string() } };
    case 32:
      r.string();
      return {};
    case 33:
      return reply(r);
    case 34:
      r.bytes(GEX_REQUEST_BYTES);
      return {};
    default:
      return {};
  }
}

function gss(type: number, r: SshReader): KexParse {
  switch (type) {
    case 30:
      r.string();
      r.string();
      return {};
    case 31:
      r.string();
      return {};
    case 32:
      r.string();
      r.string();
      if (r.u8() !== 0) r.string();
      return {};
    case 33:
      return { hostKey: r.string() };
    case 34:
      r.bytes(GSS_STATUS_BYTES);
      r.string();
      r.string();
      return {};
    case 40:
      r.bytes(GEX_REQUEST_BYTES);
      return {};
    case 41:
      return { dhGroup: { p: r.string(), g: r.string() } };
    default:
      return 'unexpected';
  }
}

/** RSA key exchange: the server's transient key is not its host key, so nothing is kept. */
function rsa(type: number, r: SshReader): KexParse {
  if (type < 30 || type > 32) return 'unexpected';
  r.string();
  if (type === 30) r.string();
  return {};
}

/** A DH reply: K_S, f, signature. */
function reply(r: SshReader): KexParse {
  const hostKey = r.string();
  r.string();
  r.string();
  return { hostKey };
}

/**
 * Server lines of an FTP control connection (RFC 959 section 4.2): `ddd text` is a reply,
 * `ddd-text` opens a multi-line reply that the same code followed by a space closes; lines in
 * between are continuations (code 0). A first line without a proper code is not FTP.
 */
import { wireText } from '../wire-text.js';
import { skipBlanks } from './ftp-request-line.js';

export type FtpReplyLine =
  | { readonly kind: 'reply'; readonly code: number; readonly msg: string; readonly cont: boolean }
  | { readonly kind: 'violation'; readonly reason: string };

const CODE_DIGITS = 3;
const MIN_CODE = 100;
const SPACE = 0x20;
const DASH = 0x2d;

export class FtpReplyParser {
  /** Code of the multi-line reply in progress, or 0. */
  private pendingReply = 0;

  parse(line: Uint8Array): FtpReplyLine {
    const code = replyCode(line);
    if (this.pendingReply !== 0) return this.continuation(line, code);

    if (code === 0) return { kind: 'violation', reason: 'non-numeric reply code' };
    if (code < MIN_CODE) return { kind: 'violation', reason: 'invalid reply code' };
    if (line.length > CODE_DIGITS && line[CODE_DIGITS] === DASH) {
      this.pendingReply = code;
      return reply(code, line, skipBlanks(line, CODE_DIGITS + 1), true);
    }
    if (line.length > CODE_DIGITS && line[CODE_DIGITS] !== SPACE) {
      return { kind: 'violation', reason: 'invalid reply line' };
    }
    return reply(code, line, skipBlanks(line, Math.min(CODE_DIGITS, line.length)), false);
  }

  private continuation(line: Uint8Array, code: number): FtpReplyLine {
    if (code === this.pendingReply && line.length > CODE_DIGITS && line[CODE_DIGITS] === SPACE) {
      this.pendingReply = 0;
      return reply(code, line, skipBlanks(line, CODE_DIGITS), false);
    }
    return reply(0, line, 0, true);
  }
}

function reply(code: number, line: Uint8Array, textStart: number, cont: boolean): FtpReplyLine {
  return { kind: 'reply', code, msg: wireText(line, textStart), cont };
}

/** The three leading digits as a number, or 0. */
function replyCode(line: Uint8Array): number {
  if (line.length < CODE_DIGITS) return 0;
  let code = 0;
  for (let i = 0; i < CODE_DIGITS; i++) {
    const d = line[i] - 0x30;
    if (d < 0 || d > 9) return 0;
    code = code * 10 + d;
  }
  return code;
}

/**
 * Content detection of SMTP on ports other than its own, as Zeek's `dpd_smtp_client` and
 * `dpd_smtp_server` signatures decide it: the server's first bytes are a 220 greeting and the
 * client's first bytes hold a HELO or EHLO at the start of a line. Either side may match
 * first; the analyzer is attached on that, and the gate below holds the connection's bytes
 * until the other side matches too, then replays them. If a side's first bytes run past the
 * buffer without matching, the connection is declared not SMTP.
 */
import type { Analyzer, AnalyzerContext } from '../analyzer.js';
import { wireText } from '../wire-text.js';
import { copyBytes } from '../../stages/copy-bytes.js';

/** Blanks as POSIX `[[:space:]]` has them (no NBSP, unlike JS's `\s`). */
const SPACE = '[\\t\\n\\v\\f\\r ]';
const GREETING = new RegExp(`^${SPACE}*220[\\t\\n\\v\\f\\r -]`);
const HELLO = new RegExp(`^(?:[^]*[\\n\\r])?${SPACE}*(?:helo|ehlo)`, 'i');

/** The detector's verdict on the first payload of a connection (callers bound its size). */
export function detectSmtp(data: Uint8Array, isOrig: boolean): boolean {
  return (isOrig ? HELLO : GREETING).test(wireText(data));
}

interface Held {
  readonly isOrig: boolean;
  readonly data: Uint8Array;
}

/** Holds a connection's bytes until both sides look like SMTP, then passes them on. */
export class SmtpContentGate implements Analyzer {
  private readonly held: Held[] = [];
  /** The first bytes of each side, for matching: [originator, responder]. */
  private readonly starts: [string, string] = ['', ''];
  private heldBytes = 0;
  private open = false;
  private closed = false;

  constructor(
    private readonly ctx: AnalyzerContext,
    private readonly inner: Analyzer,
    /** Bytes held and examined per side before giving up. */
    private readonly bufferBytes: number,
  ) {}

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (this.open) return this.inner.deliverStream?.(isOrig, data);
    if (this.closed) return;
    this.held.push({ isOrig, data: copyBytes(data) });
    this.heldBytes += data.length;
    const side = isOrig ? 0 : 1;
    const room = Math.max(0, this.bufferBytes - this.starts[side].length);
    this.starts[side] += wireText(data, 0, Math.min(data.length, room));
    this.decide();
  }

  gap(isOrig: boolean, length: number): void {
    if (this.open) this.inner.gap?.(isOrig, length);
    else this.close('content gap before SMTP was recognized');
  }

  endOfData(isOrig: boolean): void {
    if (this.open) this.inner.endOfData?.(isOrig);
  }

  done(): void {
    if (this.open) this.inner.done?.();
  }

  private decide(): void {
    const [client, server] = this.starts;
    const hello = HELLO.test(client);
    const greeting = GREETING.test(server);
    if (hello && greeting) return this.replay();
    const clientFull = client.length >= this.bufferBytes;
    const serverFull = server.length >= this.bufferBytes;
    // One side may match and keep talking while the other stays silent: that too has a bound.
    const tooMuch = this.heldBytes > 2 * this.bufferBytes;
    if ((clientFull && !hello) || (serverFull && !greeting) || tooMuch) {
      this.close('no SMTP greeting/HELO');
    }
  }

  private replay(): void {
    this.open = true;
    const held = this.held.splice(0);
    for (const h of held) this.inner.deliverStream?.(h.isOrig, h.data);
  }

  private close(reason: string): void {
    this.closed = true;
    this.held.length = 0;
    this.ctx.violation(reason);
  }
}

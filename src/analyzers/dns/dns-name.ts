/**
 * Domain names with compression (RFC 1035, 4.1.4), read as Zeek reads them so names, weirds
 * and failures match: a pointer must point before itself, which rules out loops (a chain of
 * pointers only ever moves backwards and each level may read only up to where it was pointed
 * from); chains deeper than a limit stop with a weird and keep what was read.
 */
import { DnsCursor } from './dns-cursor.js';

/** Zeek reads names into a 512-byte buffer; a label that would not fit fails the name. */
const NAME_BUFFER_BYTES = 512;
/** RFC 1035, 2.3.4: longer names are reported, not rejected. */
const MAX_NAME_BYTES = 255;
/** RFC 1035, 2.3.4; NetBIOS name service sends longer (encoded) labels. */
const MAX_LABEL_BYTES = 63;
const POINTER_BITS = 0xc0;
const DOT = 0x2e;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const CASE_BIT = 0x20;

type LabelStatus = 'continue' | 'end' | 'error';

export interface NameReporter {
  weird(name: string, addl?: string): void;
  /** A limit was hit: weird with the value in `addl`, and the connection marked partial. */
  limitReached(name: string, value: number): void;
}

export class DnsNameReader {
  constructor(
    private readonly report: NameReporter,
    /** Pointers followed within one name before the rest of it is dropped. */
    private readonly maxCompressionDepth: number,
    /** Whether labels longer than 63 bytes are accepted (NetBIOS name service). */
    private readonly longLabels: () => boolean,
  ) {}

  /**
   * Reads the name at the cursor as a byte string without its trailing dot ('' for the root),
   * or undefined when it is malformed (a weird says why). Pointed-to parts are always
   * lower-cased; `downcase` lower-cases the rest too.
   */
  read(cur: DnsCursor, downcase: boolean): string | undefined {
    const out: number[] = [];
    if (!this.extract(cur, out, downcase, 0)) return undefined;
    return String.fromCharCode(...out);
  }

  private extract(cur: DnsCursor, out: number[], downcase: boolean, depth: number): boolean {
    if (depth > this.maxCompressionDepth) {
      this.report.limitReached('DNS_max_compression_chain_depth_exceeded', depth);
      return true;
    }

    const start = out.length;
    for (;;) {
      const status = this.label(cur, out, depth);
      if (status === 'error') return false;
      if (status === 'end') break;
    }

    const n = out.length - start;
    if (n >= MAX_NAME_BYTES) this.report.weird('DNS_NAME_too_long');
    if (n >= 2 && out[out.length - 1] === DOT) out.pop();
    if (downcase) lowerCase(out, start);
    return true;
  }

  private label(cur: DnsCursor, out: number[], depth: number): LabelStatus {
    if (cur.remaining <= 0) return this.fail('dns_invalid_name');

    const at = cur.pos;
    const labelLen = cur.byte();
    if (labelLen === 0) return 'end';
    if ((labelLen & POINTER_BITS) === POINTER_BITS) return this.pointer(cur, out, depth, at);

    if (labelLen > cur.remaining) {
      cur.pos = cur.end;
      return this.fail('DNS_label_len_gt_pkt');
    }
    if (labelLen > MAX_LABEL_BYTES && !this.longLabels()) return this.fail('DNS_label_too_long');
    if (labelLen >= NAME_BUFFER_BYTES - out.length) return this.fail('DNS_label_len_gt_name_len');

    for (let i = 0; i < labelLen; i++) out.push(cur.msg[cur.pos + i]);
    out.push(DOT);
    cur.pos += labelLen;
    return 'continue';
  }

  /** A compression pointer at `at`: the name goes on at an earlier offset of the message. */
  private pointer(cur: DnsCursor, out: number[], depth: number, at: number): LabelStatus {
    if (cur.remaining <= 0) return this.fail('dns_invalid_name');

    const offset = ((cur.msg[at] & ~POINTER_BITS) << 8) | cur.byte();
    if (offset >= at) return this.fail('DNS_label_forward_compress_offset');

    const target = new DnsCursor(cur.msg, offset, at);
    return this.extract(target, out, true, depth + 1) ? 'end' : 'error';
  }

  private fail(weird: string): LabelStatus {
    this.report.weird(weird);
    return 'error';
  }
}

function lowerCase(out: number[], start: number): void {
  for (let i = start; i < out.length; i++) {
    if (out[i] >= UPPER_A && out[i] <= UPPER_Z) out[i] |= CASE_BIT;
  }
}

/** Zeek's downcasing of question names: ASCII letters only. */
export function lowerAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

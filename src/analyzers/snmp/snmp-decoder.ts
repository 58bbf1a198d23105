/**
 * The typed element reads of one SNMP message, with the tag checks Zeek makes: a wrong tag or
 * an integer wider than 9 bytes stops the message (`failed` is set and every later read
 * fails too), since parsing on would be guessing.
 */
import { BoundedReader } from '../bounded-reader.js';
import {
  BerTag, readBerEncoding, readBerMeta, type BerEncoding, type BerMeta,
} from './ber-element.js';
import { berOidText, berSigned, berUnsigned, type BerIssues } from './ber-values.js';

/** Two's complement needs a ninth byte for an unsigned 64-bit value with its top bit set. */
const MAX_INTEGER_WIDTH = 9;

export class SnmpDecoder {
  /** Why the message stopped, once it did. */
  failure: string | undefined;

  constructor(
    readonly r: BoundedReader,
    readonly issues: BerIssues,
  ) {}

  get failed(): boolean {
    return this.failure !== undefined || this.r.overrun;
  }

  fail(reason: string): void {
    this.failure ??= reason;
  }

  meta(): BerMeta | undefined {
    if (this.failed) return undefined;
    const m = readBerMeta(this.r, this.issues);
    if (m === undefined) this.fail('truncated SNMP message');
    return m;
  }

  encoding(): BerEncoding | undefined {
    if (this.failed) return undefined;
    const e = readBerEncoding(this.r, this.issues);
    if (e === undefined) this.fail('SNMP element runs past the end of the message');
    return e;
  }

  /** A SEQUENCE header; its length is not enforced (see ber-element.ts). */
  sequence(): void {
    const m = this.meta();
    if (m !== undefined) this.expectTag(m.tag, BerTag.sequence);
  }

  integerContent(): Uint8Array {
    const e = this.tagged(BerTag.integer);
    if (e.length > MAX_INTEGER_WIDTH) this.fail(`ASN.1 integer width overflow: ${e.length}`);
    return e;
  }

  signed(): bigint {
    return berSigned(this.integerContent(), this.issues);
  }

  unsigned(): bigint {
    return berUnsigned(this.integerContent(), this.issues);
  }

  octets(): Uint8Array {
    return this.tagged(BerTag.octetString);
  }

  oid(): string {
    return berOidText(this.tagged(BerTag.objectIdentifier), this.issues);
  }

  /** The content of an element that must carry `tag`; empty once the message failed. */
  tagged(tag: number): Uint8Array {
    const e = this.encoding();
    if (e === undefined || !this.expectTag(e.tag, tag)) return new Uint8Array(0);
    return e.content;
  }

  private expectTag(got: number, want: number): boolean {
    if (got === want) return true;
    this.fail(`Got ASN.1 tag ${got}, expect ${want}`);
    return false;
  }
}

/** A decoder over `data`. */
export function snmpDecoder(data: Uint8Array, issues: BerIssues): SnmpDecoder {
  return new SnmpDecoder(new BoundedReader(data), issues);
}

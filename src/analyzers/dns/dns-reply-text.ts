/**
 * How each record type appears in dns.log's `answers` column: the text Zeek's
 * base/protocols/dns/main.zeek builds for it. Text is a byte string (see dns-events.ts).
 */
import type {
  DnsAnswer, DnsDnskey, DnsDs, DnsLoc, DnsMsg, DnsNaptr, DnsRrsig,
} from './dns-events.js';
import { DnsOpcode } from './dns-header.js';

/** Character strings of a TXT or SPF record: `TXT <length> <bytes>`, space-separated. */
export function characterStringsText(kind: 'TXT' | 'SPF', strs: readonly string[]): string {
  return strs.map((s) => `${kind} ${s.length} ${s}`).join(' ');
}

/** An address record; inside a dynamic update it also names the owner and the type. */
export function addressText(kind: 'A' | 'AAAA' | 'A6', msg: DnsMsg, ans: DnsAnswer, a: string) {
  if (msg.opcode === DnsOpcode.DynamicUpdate && !msg.is_netbios) {
    return `${kind} ${ans.query} ${a}`;
  }
  return a;
}

/** NAPTR (RFC 3403, 4.1): every field, regexp and replacement only when not empty. */
export function naptrText(n: DnsNaptr): string {
  const tail = [n.regexp, n.replacement].filter((s) => s.length > 0).join(' ');
  return `NAPTR ${n.order} ${n.preference} ${n.flags} ${n.service} ${tail}`;
}

export function rrsigText(r: DnsRrsig): string {
  return `RRSIG ${r.type_covered} ${r.signer_name === '' ? '<Root>' : r.signer_name}`;
}

export function dnskeyText(k: DnsDnskey): string {
  return `DNSKEY ${k.algorithm}`;
}

export function nsecText(ans: DnsAnswer, nextName: string): string {
  return `NSEC ${ans.query} ${nextName}`;
}

export function dsText(ds: DnsDs): string {
  return `DS ${ds.algorithm} ${ds.digest_type}`;
}

export function sshfpText(fingerprint: string): string {
  let hex = '';
  for (let i = 0; i < fingerprint.length; i++) {
    hex += fingerprint.charCodeAt(i).toString(16).padStart(2, '0');
  }
  return `SSHFP: ${hex}`;
}

export function locText(loc: DnsLoc): string {
  return `LOC:  ${loc.size} ${loc.horiz_pre} ${loc.vert_pre}`;
}

export function unknownText(ans: DnsAnswer): string {
  return `<unknown type=${ans.qtype}>`;
}

/** A dynamic update's prerequisite (RFC 2136, 2.4), in Zeek's words. */
export function prerequisiteText(ans: DnsAnswer, typeName: string): string {
  const CLASS_NONE = 254;
  const ANY = 255;
  let what: string;
  if (ans.qclass === CLASS_NONE && ans.qtype === ANY) what = `NameNotInUse ${ans.query}`;
  else if (ans.qclass === ANY && ans.qtype === ANY) what = `NameInUse ${ans.query}`;
  else if (ans.qclass === CLASS_NONE) what = `NoRRSet ${typeName} ${ans.query}`;
  else what = `RRSetExists ${typeName} ${ans.query}`;
  return `pre: ${what}`;
}

/** A dynamic update's deletion (RFC 2136, 2.5.2 to 2.5.4), in Zeek's words. */
export function deletionText(ans: DnsAnswer, typeName: string): string {
  const CLASS_NONE = 254;
  const ANY = 255;
  let what: string;
  if (ans.qclass === ANY && ans.qtype === ANY) what = `RRSet * ${ans.query}`;
  else if (ans.qclass === CLASS_NONE) what = `RR ${typeName} ${ans.query}`;
  else what = `RRSet ${typeName}`;
  return `del: ${what}`;
}

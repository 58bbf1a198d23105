/**
 * The DNS events and their arguments, named and ordered as Zeek's (events.bif). Text that
 * comes off the wire (names, TXT strings) is a byte string: one char per byte, 0 to 255, so
 * no byte is lost or reinterpreted; `logText` turns one into a log value.
 */
import type { Connection } from '../../stages/connection.js';

/** A DNS message header (Zeek's `dns_msg`). */
export interface DnsMsg {
  /** Transaction id. */
  readonly id: number;
  readonly opcode: number;
  readonly rcode: number;
  /** Set for responses. */
  readonly QR: boolean;
  readonly AA: boolean;
  readonly TC: boolean;
  readonly RD: boolean;
  readonly RA: boolean;
  /** The 3-bit reserved field, AD and CD bits included (as Zeek reads it). */
  readonly Z: number;
  readonly AD: boolean;
  readonly CD: boolean;
  /** Questions; for dynamic updates, zones. */
  readonly num_queries: number;
  /** Answers; for dynamic updates, prerequisites. */
  readonly num_answers: number;
  /** Authority records; for dynamic updates, updates. */
  readonly num_auth: number;
  readonly num_addl: number;
  /** Whether the connection is NetBIOS name service (port 137), which reuses DNS's layout. */
  readonly is_netbios: boolean;
}

/** Which section a resource record came from (Zeek's DNS_QUERY .. DNS_UPDATE). */
export const DnsAnswerType = {
  Query: 0,
  Answer: 1,
  Authority: 2,
  Additional: 3,
  Prerequisite: 4,
  Update: 5,
} as const;

/** A resource record's common part (Zeek's `dns_answer`). */
export interface DnsAnswer {
  readonly answer_type: number;
  /** Owner name, lower-cased, without the trailing dot. */
  readonly query: string;
  readonly qtype: number;
  readonly qclass: number;
  /** Seconds. */
  readonly TTL: number;
}

export interface DnsSoa {
  readonly mname: string;
  readonly rname: string;
  readonly serial: number;
  readonly refresh: number;
  readonly retry: number;
  readonly expire: number;
  readonly minimum: number;
}

export interface DnsNaptr {
  readonly order: number;
  readonly preference: number;
  readonly flags: string;
  readonly service: string;
  readonly regexp: string;
  readonly replacement: string;
}

export interface DnsRrsig {
  readonly type_covered: number;
  readonly algorithm: number;
  readonly labels: number;
  readonly orig_ttl: number;
  readonly sig_exp: number;
  readonly sig_incep: number;
  readonly key_tag: number;
  readonly signer_name: string;
  readonly signature: string;
}

export interface DnsDnskey {
  readonly flags: number;
  readonly protocol: number;
  readonly algorithm: number;
  readonly public_key: string;
}

export interface DnsNsec3 {
  readonly nsec_flags: number;
  readonly nsec_hash_algo: number;
  readonly nsec_iter: number;
  readonly nsec_salt_len: number;
  readonly nsec_salt: string;
  readonly nsec_hlen: number;
  readonly nsec_hash: string;
  readonly bitmaps: readonly string[];
}

export interface DnsNsec3Param {
  readonly nsec_flags: number;
  readonly nsec_hash_algo: number;
  readonly nsec_iter: number;
  readonly nsec_salt_len: number;
  readonly nsec_salt: string;
}

export interface DnsDs {
  readonly key_tag: number;
  readonly algorithm: number;
  readonly digest_type: number;
  readonly digest_val: string;
}

export interface DnsBinds {
  readonly algorithm: number;
  readonly key_id: number;
  readonly removal_flag: number;
  readonly complete_flag: number;
}

export interface DnsLoc {
  readonly version: number;
  readonly size: number;
  readonly horiz_pre: number;
  readonly vert_pre: number;
  readonly latitude: number;
  readonly longitude: number;
  readonly altitude: number;
}

export interface DnsSvcb {
  readonly svc_priority: number;
  readonly target_name: string;
}

type C = Connection;

/** DNS events, merged into CoreEvents. */
export interface DnsEvents {
  /** Any DNS message, before its sections are parsed; `isOrig` says its direction. */
  dns_message: [c: C, isOrig: boolean, msg: DnsMsg, len: number];
  /** A question in a request. `query` is lower-cased; `originalQuery` is as sent. */
  dns_request: [c: C, msg: DnsMsg, query: string, qtype: number, qclass: number,
    originalQuery: string];
  /** A question in a response without any records: the server turned it down. */
  dns_rejected: [c: C, msg: DnsMsg, query: string, qtype: number, qclass: number,
    originalQuery: string];
  /** A question echoed in a response that carries records. */
  dns_query_reply: [c: C, msg: DnsMsg, query: string, qtype: number, qclass: number,
    originalQuery: string];
  dns_A_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, a: string];
  dns_AAAA_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, a: string];
  dns_A6_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, a: string];
  dns_NS_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, name: string];
  dns_CNAME_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, name: string];
  dns_PTR_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, name: string];
  dns_SOA_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, soa: DnsSoa];
  dns_WKS_reply: [c: C, msg: DnsMsg, ans: DnsAnswer];
  dns_HINFO_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, cpu: string | undefined,
    os: string | undefined];
  dns_MX_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, name: string, preference: number];
  dns_TXT_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, strs: readonly string[]];
  dns_SPF_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, strs: readonly string[]];
  dns_CAA_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, flags: number, tag: string,
    value: string];
  dns_SRV_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, target: string, priority: number,
    weight: number, p: number];
  dns_NAPTR_reply: [c: C, msg: DnsMsg, ans: DnsAnswer, naptr: DnsNaptr];
  dns_RRSIG: [c: C, msg: DnsMsg, ans: DnsAnswer, rrsig: DnsRrsig];
  dns_DNSKEY: [c: C, msg: DnsMsg, ans: DnsAnswer, dnskey: DnsDnskey];
  dns_NSEC: [c: C, msg: DnsMsg, ans: DnsAnswer, nextName: string, bitmaps: readonly string[]];
  dns_NSEC3: [c: C, msg: DnsMsg, ans: DnsAnswer, nsec3: DnsNsec3];
  dns_NSEC3PARAM: [c: C, msg: DnsMsg, ans: DnsAnswer, nsec3param: DnsNsec3Param];
  dns_DS: [c: C, msg: DnsMsg, ans: DnsAnswer, ds: DnsDs];
  dns_BINDS: [c: C, msg: DnsMsg, ans: DnsAnswer, binds: DnsBinds];
  dns_SSHFP: [c: C, msg: DnsMsg, ans: DnsAnswer, algo: number, fptype: number,
    fingerprint: string];
  dns_LOC: [c: C, msg: DnsMsg, ans: DnsAnswer, loc: DnsLoc];
  dns_SVCB: [c: C, msg: DnsMsg, ans: DnsAnswer, svcb: DnsSvcb];
  dns_HTTPS: [c: C, msg: DnsMsg, ans: DnsAnswer, svcb: DnsSvcb];
  /** A record of a type without its own parser. */
  dns_unknown_reply: [c: C, msg: DnsMsg, ans: DnsAnswer];
  /** A dynamic update's zone, prerequisites and updates parsed (RFC 2136). */
  dns_dynamic_update: [c: C, msg: DnsMsg, zname: string, zclass: number];
  dns_dynamic_update_pre: [c: C, msg: DnsMsg, ans: DnsAnswer];
  dns_dynamic_update_del: [c: C, msg: DnsMsg, ans: DnsAnswer];
  /** The message is done (parsed in full or abandoned). */
  dns_end: [c: C, msg: DnsMsg];
}

/** A byte string as a log value: a JS string while ASCII, else its raw bytes. */
export function logText(s: string): string | Uint8Array {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return Buffer.from(s, 'latin1');
  }
  return s;
}

/** Bytes of a view as a byte string (a copy: it outlives the packet). */
export function byteString(data: Uint8Array, start: number, end: number): string {
  if (end <= start) return '';
  return Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('latin1');
}

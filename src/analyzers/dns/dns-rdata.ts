/**
 * Resource record data (RFC 1035, 3.3 and the RFCs of later types), one parser per type, each
 * reading, failing and reporting as Zeek's DNS analyzer does so that events, weirds and the
 * point where a message is abandoned match. A parser returns false when the rest of the
 * message cannot be trusted; the caller then stops parsing it.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { Connection } from '../../stages/connection.js';
import { formatIp } from '../../stages/ip-address.js';
import type { DnsCursor } from './dns-cursor.js';
import type { DnsAnswer, DnsMsg } from './dns-events.js';
import type { DnsNameReader } from './dns-name.js';
import { parseSvcParams } from './dns-svc-params.js';

/** What a record parser reports through. */
export interface RdataHost {
  readonly conn: Connection;
  readonly events: EventBus<CoreEvents>;
  readonly names: DnsNameReader;
  weird(name: string, addl?: string): void;
  violation(reason: string): void;
}

export const RrType = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, WKS: 11, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28,
  LOC: 29, NBS: 32, SRV: 33, NAPTR: 35, A6: 38, EDNS: 41, DS: 43, SSHFP: 44, RRSIG: 46,
  NSEC: 47, DNSKEY: 48, NSEC3: 50, NSEC3PARAM: 51, SVCB: 64, HTTPS: 65, SPF: 99, TKEY: 249,
  TSIG: 250, CAA: 257, BINDS: 65534,
} as const;

const NETBIOS_PORT = 137;
const IPV4_BYTES = 4;
const IPV6_WORDS = 4;
const SOA_COUNTERS_BYTES = 20;
const RRSIG_FIXED_BYTES = 18;
const DNSKEY_FIXED_BYTES = 4;
const DNSKEY_PROTOCOL = 3;
/** DNSKEY flag bits that may be set: zone key (7), revoked (8), secure entry point (15). */
const DNSKEY_KNOWN_FLAGS = 0x0181;
const LOC_BYTES = 16;
const SVCB_MIN_BYTES = 3;

type Msg = DnsMsg;
type Ans = DnsAnswer;

export class RdataParser {
  constructor(private readonly host: RdataHost) {}

  /** Parses one record's data of `rdlength` bytes at the cursor. */
  parse(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    switch (ans.qtype) {
      case RrType.A: return this.a(msg, ans, cur, rdlength);
      case RrType.A6:
      case RrType.AAAA: return this.aaaa(msg, ans, cur);
      case RrType.NS:
      case RrType.CNAME:
      case RrType.PTR: return this.name(msg, ans, cur, rdlength);
      case RrType.SOA: return this.soa(msg, ans, cur, rdlength);
      case RrType.WKS: return this.wks(msg, ans, cur, rdlength);
      case RrType.HINFO: return this.hinfo(msg, ans, cur, rdlength);
      case RrType.MX: return this.mx(msg, ans, cur, rdlength);
      case RrType.TXT: return this.txt(msg, ans, cur, rdlength, 'dns_TXT_reply');
      case RrType.SPF: return this.txt(msg, ans, cur, rdlength, 'dns_SPF_reply');
      case RrType.CAA: return this.caa(msg, ans, cur, rdlength);
      case RrType.NBS: return skip(cur, rdlength);
      case RrType.SRV: return this.srv(msg, ans, cur, rdlength);
      case RrType.NAPTR: return this.naptr(msg, ans, cur, rdlength);
      case RrType.EDNS: return this.edns(cur, rdlength);
      // Transaction keys are only looked at when someone handles them; nobody does here.
      case RrType.TKEY: return skip(cur, rdlength);
      case RrType.TSIG: return this.tsig(cur);
      case RrType.RRSIG: return this.rrsig(msg, ans, cur, rdlength);
      case RrType.DNSKEY: return this.dnskey(msg, ans, cur, rdlength);
      case RrType.NSEC: return this.nsec(msg, ans, cur, rdlength);
      case RrType.NSEC3: return this.nsec3(msg, ans, cur, rdlength);
      case RrType.NSEC3PARAM: return this.nsec3param(msg, ans, cur, rdlength);
      case RrType.DS: return this.ds(msg, ans, cur, rdlength);
      case RrType.BINDS: return this.binds(msg, ans, cur, rdlength);
      case RrType.SSHFP: return this.sshfp(msg, ans, cur, rdlength);
      case RrType.LOC: return this.loc(msg, ans, cur, rdlength);
      case RrType.SVCB: return this.svcb(msg, ans, cur, rdlength, 'dns_SVCB');
      case RrType.HTTPS: return this.svcb(msg, ans, cur, rdlength, 'dns_HTTPS');
      default: return this.unknown(msg, ans, cur, rdlength);
    }
  }

  private get events() {
    return this.host.events;
  }

  private get conn() {
    return this.host.conn;
  }

  private a(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    if (rdlength !== IPV4_BYTES) {
      this.host.weird('DNS_RR_bad_length');
      return false;
    }
    const bytes = new Uint8Array(IPV4_BYTES);
    new DataView(bytes.buffer).setUint32(0, cur.long());
    this.events.emit('dns_A_reply', this.conn, msg, ans, formatIp(bytes, 0, 4));
    return true;
  }

  /** AAAA and A6: Zeek reads 16 bytes whatever rdlength says. */
  private aaaa(msg: Msg, ans: Ans, cur: DnsCursor): boolean {
    const bytes = new Uint8Array(IPV6_WORDS * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < IPV6_WORDS; i++) view.setUint32(i * 4, cur.long());
    const event = ans.qtype === RrType.AAAA ? 'dns_AAAA_reply' : 'dns_A6_reply';
    this.events.emit(event, this.conn, msg, ans, formatIp(bytes, 0, 6));
    return true;
  }

  private name(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const start = cur.pos;
    const name = this.host.names.read(cur, true);
    if (name === undefined) return false;
    this.checkLength(cur, start, rdlength);

    const event = ans.qtype === RrType.NS ? 'dns_NS_reply'
      : ans.qtype === RrType.PTR ? 'dns_PTR_reply' : 'dns_CNAME_reply';
    this.events.emit(event, this.conn, msg, ans, name);
    return true;
  }

  private soa(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const start = cur.pos;
    const mname = this.host.names.read(cur, true);
    if (mname === undefined) return false;
    const rname = this.host.names.read(cur, true);
    if (rname === undefined) return false;
    if (cur.remaining < SOA_COUNTERS_BYTES) return false;

    const soa = {
      mname, rname, serial: cur.long(), refresh: cur.long(), retry: cur.long(),
      expire: cur.long(), minimum: cur.long(),
    };
    this.checkLength(cur, start, rdlength);
    this.events.emit('dns_SOA_reply', this.conn, msg, ans, soa);
    return true;
  }

  /** Zeek raises the event without reading (or skipping) the data when it is handled. */
  private wks(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    if (!this.events.has('dns_WKS_reply')) return skip(cur, rdlength);
    this.events.emit('dns_WKS_reply', this.conn, msg, ans);
    return true;
  }

  private hinfo(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    if (!this.events.has('dns_HINFO_reply')) return skip(cur, rdlength);
    const left = { n: rdlength };
    const cpu = this.charString(cur, left);
    const os = this.charString(cur, left);
    this.events.emit('dns_HINFO_reply', this.conn, msg, ans, cpu, os);
    return left.n === 0;
  }

  private mx(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const start = cur.pos;
    const preference = cur.short();
    const name = this.host.names.read(cur, true);
    if (name === undefined) return false;
    this.checkLength(cur, start, rdlength);
    this.events.emit('dns_MX_reply', this.conn, msg, ans, name, preference);
    return true;
  }

  private txt(
    msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number, event: 'dns_TXT_reply' | 'dns_SPF_reply',
  ): boolean {
    if (!this.events.has(event)) return skip(cur, rdlength);
    const left = { n: rdlength };
    const strs: string[] = [];
    for (let s = this.charString(cur, left); s !== undefined; s = this.charString(cur, left)) {
      strs.push(s);
    }
    this.events.emit(event, this.conn, msg, ans, strs);
    return left.n === 0;
  }

  private caa(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    if (!this.events.has('dns_CAA_reply')) return skip(cur, rdlength);
    const word = cur.short();
    const tagLen = word & 0xff;
    const rest = rdlength - 2;
    if (tagLen >= rest) {
      this.host.weird('DNS_CAA_char_str_past_rdlen');
      return false;
    }
    const tag = cur.bytes(tagLen);
    const value = cur.bytes(rest - tagLen);
    this.events.emit('dns_CAA_reply', this.conn, msg, ans, word >> 8, tag, value);
    return true;
  }

  private srv(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    // On NetBIOS name service, type 33 is NBSTAT, which Zeek leaves unread (data included).
    if (this.conn.respPort === NETBIOS_PORT) return true;

    const start = cur.pos;
    const priority = cur.short();
    const weight = cur.short();
    const port = cur.short();
    const target = this.host.names.read(cur, true);
    if (target === undefined) return false;
    this.checkLength(cur, start, rdlength);
    this.events.emit('dns_SRV_reply', this.conn, msg, ans, target, priority, weight, port);
    return true;
  }

  private naptr(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const order = cur.short();
    const preference = cur.short();
    const left = { n: rdlength - 4 };
    if (cur.remaining <= 0 || left.n <= 0) {
      this.host.violation('DNS_NAPTR_too_short');
      return false;
    }

    const flags = this.charString(cur, left);
    const service = this.charString(cur, left);
    const regexp = this.charString(cur, left);
    const replacement = this.host.names.read(cur, false);
    if (flags === undefined || service === undefined || regexp === undefined ||
      replacement === undefined) {
      this.host.violation('DNS_NAPTR_RR_too_short');
      return false;
    }
    const naptr = { order, preference, flags, service, regexp, replacement };
    this.events.emit('dns_NAPTR_reply', this.conn, msg, ans, naptr);
    return true;
  }

  /** EDNS options (RFC 6891, 6.1.2): checked for consistency; no event is raised. */
  private edns(cur: DnsCursor, rdlength: number): boolean {
    let left = rdlength;
    while (left >= 4) {
      const code = cur.short();
      const optionLen = cur.short();
      left -= 4;
      if (optionLen > left) {
        this.host.weird('EDNS_truncated_option');
        return false;
      }
      this.ednsOption(cur, code, optionLen);
      cur.skip(optionLen);
      left -= optionLen;
    }
    if (left !== 0) {
      this.host.weird('EDNS_truncated_option');
      return false;
    }
    return true;
  }

  private ednsOption(cur: DnsCursor, code: number, optionLen: number): void {
    const EDNS_CLIENT_SUBNET = 8;
    const EDNS_TCP_KEEPALIVE = 11;
    if (code === EDNS_CLIENT_SUBNET) this.clientSubnet(cur, optionLen);
    if (code === EDNS_TCP_KEEPALIVE && (optionLen === 0 || optionLen === 2) &&
      this.conn.proto === 'udp') {
      // RFC 7828, 3.2.1: TCP keepalive must not be negotiated over UDP.
      this.host.weird('EDNS_TCP_Keepalive_In_UDP');
    }
  }

  /** Client subnet (RFC 7871, 6): the prefix must fit the family and the address bytes. */
  private clientSubnet(cur: DnsCursor, optionLen: number): void {
    if (optionLen <= 4) {
      this.host.weird('EDNS_ECS_invalid_option_len');
      return;
    }
    const family = (cur.msg[cur.pos] << 8) | cur.msg[cur.pos + 1];
    const sourcePrefix = cur.msg[cur.pos + 2];
    const addrBits = (optionLen - 4) * 8;
    const v = family === 1 ? 'v4' : family === 2 ? 'v6' : undefined;
    if (v === undefined) return;
    const maxBits = v === 'v4' ? 32 : 128;
    if (sourcePrefix > maxBits) {
      this.host.weird(`EDNS_ECS_invalid_addr_${v}_prefix`, `${sourcePrefix} bits`);
    } else if (sourcePrefix > addrBits) {
      this.host.weird(`EDNS_ECS_invalid_addr_${v}`,
        `need ${sourcePrefix} bits, have ${addrBits} bits`);
    }
  }

  /** Transaction signatures (RFC 8945) are read past field by field, as Zeek does. */
  private tsig(cur: DnsCursor): boolean {
    if (this.host.names.read(cur, true) === undefined) return false;
    cur.long();
    cur.short();
    cur.short();
    cur.octets();
    cur.short();
    cur.short();
    cur.octets();
    return true;
  }

  private rrsig(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    if (!this.events.has('dns_RRSIG')) return skip(cur, rdlength);
    if (cur.remaining < RRSIG_FIXED_BYTES) return false;

    const typeCovered = cur.short();
    const algoLabels = cur.short();
    const fixed = {
      orig_ttl: cur.long(), sig_exp: cur.long(), sig_incep: cur.long(), key_tag: cur.short(),
    };
    const start = cur.pos;
    const signer = this.host.names.read(cur, true);
    if (signer === undefined) return false;
    const signature = cur.bytes(rdlength - (cur.pos - start + RRSIG_FIXED_BYTES));

    const algorithm = algoLabels >> 8;
    this.algorithmWeird('DNSSEC_RRSIG', algorithm);
    const rrsig = {
      type_covered: typeCovered, algorithm, labels: algoLabels & 0xff, ...fixed,
      signer_name: signer, signature,
    };
    this.events.emit('dns_RRSIG', this.conn, msg, ans, rrsig);
    return true;
  }

  private dnskey(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    if (!this.events.has('dns_DNSKEY')) return skip(cur, rdlength);
    if (cur.remaining < DNSKEY_FIXED_BYTES) return false;

    const flags = cur.short();
    const protoAlgo = cur.short();
    const publicKey = cur.bytes(rdlength - DNSKEY_FIXED_BYTES);
    const protocol = protoAlgo >> 8;
    const algorithm = protoAlgo & 0xff;

    if ((flags & ~DNSKEY_KNOWN_FLAGS & 0xffff) !== 0) {
      this.host.weird('DNSSEC_DNSKEY_Invalid_Flag', `${flags}`);
    }
    if ((flags & DNSKEY_KNOWN_FLAGS) === DNSKEY_KNOWN_FLAGS) {
      this.host.weird('DNSSEC_DNSKEY_Revoked_KSK', `${flags}`);
    }
    if (protocol !== DNSKEY_PROTOCOL) {
      this.host.weird('DNSSEC_DNSKEY_Invalid_Protocol', `${protocol}`);
    }
    this.algorithmWeird('DNSSEC_DNSKEY', algorithm);

    const dnskey = { flags, protocol, algorithm, public_key: publicKey };
    this.events.emit('dns_DNSKEY', this.conn, msg, ans, dnskey);
    return true;
  }

  private nsec(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    if (!this.events.has('dns_NSEC')) return skip(cur, rdlength);
    const start = cur.pos;
    const next = this.host.names.read(cur, true);
    if (next === undefined) return false;
    const bitmaps = this.typeBitmaps(cur, rdlength - (cur.pos - start), 'DNSSEC_NSEC_bitmapLen0');
    this.events.emit('dns_NSEC', this.conn, msg, ans, next, bitmaps);
    return true;
  }

  private nsec3(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const NSEC3_FIXED_BYTES = 6;
    if (!this.events.has('dns_NSEC3')) return skip(cur, rdlength);
    if (cur.remaining < NSEC3_FIXED_BYTES) return false;

    const start = cur.pos;
    const algoFlags = cur.short();
    const iter = cur.short();
    const saltLen = cur.byte();
    const salt = cur.bytes(saltLen);
    const hashLen = cur.byte();
    const hash = cur.bytes(hashLen);
    const bitmaps = this.typeBitmaps(cur, rdlength - (cur.pos - start), 'DNSSEC_NSEC3_bitmapLen0');

    const nsec3 = {
      nsec_flags: algoFlags & 0xff, nsec_hash_algo: algoFlags >> 8, nsec_iter: iter,
      nsec_salt_len: saltLen, nsec_salt: salt, nsec_hlen: hashLen, nsec_hash: hash, bitmaps,
    };
    this.events.emit('dns_NSEC3', this.conn, msg, ans, nsec3);
    return true;
  }

  private nsec3param(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const NSEC3PARAM_FIXED_BYTES = 5;
    if (!this.events.has('dns_NSEC3PARAM')) return skip(cur, rdlength);
    if (cur.remaining < NSEC3PARAM_FIXED_BYTES) return false;

    const algoFlags = cur.short();
    const iter = cur.short();
    const saltLen = cur.byte();
    const nsec3param = {
      nsec_flags: algoFlags & 0xff, nsec_hash_algo: algoFlags >> 8, nsec_iter: iter,
      nsec_salt_len: saltLen, nsec_salt: cur.bytes(saltLen),
    };
    this.events.emit('dns_NSEC3PARAM', this.conn, msg, ans, nsec3param);
    return true;
  }

  private ds(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const DS_FIXED_BYTES = 4;
    if (!this.events.has('dns_DS')) return skip(cur, rdlength);
    if (cur.remaining < DS_FIXED_BYTES) return false;

    const keyTag = cur.short();
    const algoType = cur.short();
    const digestType = algoType & 0xff;
    const digest = cur.bytes(rdlength - DS_FIXED_BYTES);
    this.digestWeird(digestType);

    const ds = { key_tag: keyTag, algorithm: algoType >> 8, digest_type: digestType,
      digest_val: digest };
    this.events.emit('dns_DS', this.conn, msg, ans, ds);
    return true;
  }

  /** BIND's private signing-state record; only its first five bytes are read. */
  private binds(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const BINDS_BYTES = 5;
    if (!this.events.has('dns_BINDS')) return skip(cur, rdlength);
    if (cur.remaining < BINDS_BYTES) return false;

    const word = cur.long();
    const binds = {
      algorithm: word >>> 24, key_id: (word >>> 8) & 0xffff, removal_flag: word & 0xff,
      complete_flag: cur.byte(),
    };
    this.events.emit('dns_BINDS', this.conn, msg, ans, binds);
    return true;
  }

  private sshfp(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    const SSHFP_FIXED_BYTES = 2;
    if (!this.events.has('dns_SSHFP')) return skip(cur, rdlength);
    if (cur.remaining < SSHFP_FIXED_BYTES) return false;

    const algoType = cur.short();
    const fingerprint = cur.bytes(rdlength - SSHFP_FIXED_BYTES);
    this.events.emit('dns_SSHFP', this.conn, msg, ans, algoType >> 8, algoType & 0xff,
      fingerprint);
    return true;
  }

  private loc(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    if (rdlength !== LOC_BYTES) {
      this.host.weird('dns_invalid_loc_length');
      return false;
    }
    if (!this.events.has('dns_LOC')) return skip(cur, rdlength);

    const verSize = cur.short();
    const precision = cur.short();
    const loc = {
      version: verSize >> 8, size: verSize & 0xff, horiz_pre: precision >> 8,
      vert_pre: precision & 0xff, latitude: cur.long(), longitude: cur.long(),
      altitude: cur.long(),
    };
    if (loc.version !== 0) this.host.weird('DNS_LOC_version_unrecognized', `${loc.version}`);
    this.events.emit('dns_LOC', this.conn, msg, ans, loc);
    return true;
  }

  /** Service binding (RFC 9460, 2.2); the parameters are checked, not passed on. */
  private svcb(
    msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number, event: 'dns_SVCB' | 'dns_HTTPS',
  ): boolean {
    if (rdlength < SVCB_MIN_BYTES) {
      this.host.weird('DNS_SVCB_wrong_length');
      return false;
    }
    const start = cur.pos;
    const priority = cur.short();
    const target = this.host.names.read(cur, false);
    if (target === undefined) return false;

    const paramsLen = rdlength - (cur.pos - start);
    if (paramsLen > 0) {
      if (priority === 0) this.host.weird('DNS_SVCB_aliasmode_with_params');
      parseSvcParams(cur, paramsLen, (name, addl) => this.host.weird(name, addl));
    }
    // A root target means the owner name itself (RFC 9460, 2.5); Zeek writes it as ".".
    const svcb = { svc_priority: priority, target_name: target === '' ? '.' : target };
    this.events.emit(event, this.conn, msg, ans, svcb);
    return true;
  }

  private unknown(msg: Msg, ans: Ans, cur: DnsCursor, rdlength: number): boolean {
    this.events.emit('dns_unknown_reply', this.conn, msg, ans);
    this.host.weird('DNS_RR_unknown_type', `${ans.qtype}`);
    return skip(cur, rdlength);
  }

  /** A length-prefixed character string within the record's remaining `left.n` bytes. */
  private charString(cur: DnsCursor, left: { n: number }): string | undefined {
    if (left.n <= 0) return undefined;
    const size = cur.msg[cur.pos] ?? 0;
    cur.pos++;
    left.n--;
    if (size > left.n) {
      this.host.weird('DNS_TXT_char_str_past_rdlen');
      return undefined;
    }
    left.n -= size;
    return cur.bytes(size);
  }

  /** NSEC/NSEC3 type bitmaps (RFC 4034, 4.1.2): window, length, bitmap; kept raw. */
  private typeBitmaps(cur: DnsCursor, length: number, zeroWeird: string): string[] {
    const bitmaps: string[] = [];
    let left = length;
    while (left > 0 && cur.remaining > 0) {
      const windowLen = cur.short();
      const bitmapLen = windowLen & 0xff;
      if (bitmapLen === 0) {
        this.host.weird(zeroWeird, `${windowLen >> 8}`);
        break;
      }
      bitmaps.push(cur.bytes(bitmapLen));
      left -= 2 + bitmapLen;
    }
    return bitmaps;
  }

  /** RFC 8624, 3.1: algorithms that should not be used, or are unknown, are reported. */
  private algorithmWeird(prefix: string, algorithm: number): void {
    const RSA_MD5 = 1;
    const INDIRECT = 252;
    const PRIVATE_DNS = 253;
    const PRIVATE_OID = 254;
    const FINE = [2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16];
    if (FINE.includes(algorithm)) return;
    const kind = algorithm === RSA_MD5 ? 'NotRecommended' : algorithm === INDIRECT ? 'Indirect'
      : algorithm === PRIVATE_DNS ? 'PrivateDNS' : algorithm === PRIVATE_OID ? 'PrivateOID'
        : 'unknown';
    this.host.weird(`${prefix}_${kind}_ZoneSignAlgo`, `${algorithm}`);
  }

  /** RFC 4509 and later digest types 1 to 4 are known; 0 is reserved. */
  private digestWeird(digestType: number): void {
    const LAST_KNOWN_DIGEST = 4;
    if (digestType >= 1 && digestType <= LAST_KNOWN_DIGEST) return;
    const name = digestType === 0 ? 'DNSSEC_DS_ReservedDigestType' : 'DNSSEC_DS_unknown_DigestType';
    this.host.weird(name, `${digestType}`);
  }

  /** Names inside a record must end where the record does. */
  private checkLength(cur: DnsCursor, start: number, rdlength: number): void {
    if (cur.pos - start !== rdlength) this.host.weird('DNS_RR_length_mismatch');
  }
}

function skip(cur: DnsCursor, rdlength: number): true {
  cur.skip(rdlength);
  return true;
}

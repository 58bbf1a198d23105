/**
 * One DNS message at a time, parsed as Zeek's DNS analyzer parses it: header, questions and
 * answers (or a dynamic update's zone, prerequisites and updates), raising Zeek's events in
 * Zeek's order and giving up on a message at the first record that cannot be read. Authority
 * and additional records are not parsed, as with Zeek's defaults (dns_skip_all_auth and
 * dns_skip_all_addl), so they raise neither events nor weirds.
 */
import type { AnalyzerContext } from '../analyzer.js';
import { DnsCursor } from './dns-cursor.js';
import { DnsAnswerType, type DnsAnswer, type DnsMsg } from './dns-events.js';
import {
  DNS_HEADER_BYTES, DnsOpcode, isTrackedOpcode, opcodeOf, readHeader,
} from './dns-header.js';
import type { DnsLimits } from './dns-limits.js';
import { DnsNameReader, lowerAscii } from './dns-name.js';
import { RdataParser, RrType } from './dns-rdata.js';

const NETBIOS_PORT = 137;
const QTYPE_QCLASS_BYTES = 4;
const CLASS_NONE = 254;
const CLASS_ANY = 255;

/** Who sent a message: the originator (a query), the responder, or unknown (a TCP flush). */
export type MessageSide = 'orig' | 'resp' | 'unknown';

/** What one resource record's header said; the rest of the message reads on from it. */
interface RecordState {
  answerType: number;
  query: string;
  atype: number;
  aclass: number;
  ttl: number;
  /** A dynamic update's zone class, which its updates must carry. */
  zclass: number;
}

export class DnsInterpreter {
  private readonly names: DnsNameReader;
  private readonly rdata: RdataParser;
  private readonly isNetbios: boolean;
  private firstMessage = true;

  constructor(private readonly ctx: AnalyzerContext, private readonly limits: DnsLimits) {
    const conn = ctx.conn;
    this.isNetbios = conn.origPort === NETBIOS_PORT || conn.respPort === NETBIOS_PORT;
    const reporter = {
      weird: (name: string, addl?: string) => ctx.weird(name, addl),
      limitReached: (name: string, value: number) => this.limitReached(name, value),
    };
    this.names = new DnsNameReader(reporter, limits.maxCompressionDepth,
      () => ctx.conn.respPort === NETBIOS_PORT);
    this.rdata = new RdataParser({
      conn, events: ctx.events, names: this.names,
      weird: (name, addl) => ctx.weird(name, addl),
      violation: (reason) => ctx.violation(reason),
    });
  }

  /** Parses one whole message; `data` is a view valid only during the call. */
  parseMessage(data: Uint8Array, side: MessageSide): void {
    if (data.length < DNS_HEADER_BYTES) {
      this.ctx.weird('DNS_truncated_len_lt_hdr_len');
      return;
    }
    const opcode = opcodeOf(data);
    if (!isTrackedOpcode(opcode) && !this.isNetbios) {
      this.ctx.weird('DNS_unknown_opcode', `${opcode}`);
      this.ctx.partial();
      return;
    }

    const msg = readHeader(data, this.isNetbios);
    const isQuery = this.checkDirection(msg, side);
    this.ctx.events.emit('dns_message', this.ctx.conn, isQuery, msg, data.length);

    // Much non-DNS traffic runs on port 53; a huge question count weeds most of it out.
    const max = this.limits.maxQueries;
    if (max > 0 && msg.num_queries > max) {
      this.ctx.violation('DNS_Conn_count_too_large');
      this.limitReached('DNS_Conn_count_too_large', msg.num_queries, max);
      this.end(msg);
      return;
    }
    this.parseSections(msg, new DnsCursor(data, DNS_HEADER_BYTES, data.length));
  }

  /**
   * A response seen first from the originator means the roles were guessed wrong: flip the
   * connection, unless it goes to a multicast group (mDNS, LLMNR answer from the group port).
   */
  private checkDirection(msg: DnsMsg, side: MessageSide): boolean {
    const first = this.firstMessage;
    this.firstMessage = false;
    if (!(first && msg.QR && side === 'orig')) return side !== 'resp';
    if (!isMulticast(this.ctx.conn.respAddr)) this.ctx.flipRoles();
    return false;
  }

  private parseSections(msg: DnsMsg, cur: DnsCursor): void {
    const isDynamicUpdate = msg.opcode === DnsOpcode.DynamicUpdate && !msg.is_netbios;
    const ok = isDynamicUpdate ? this.parseUpdate(msg, cur) : this.parseQuery(msg, cur);
    if (ok === 'abandoned') return;
    if (ok === 'parsed') this.ctx.confirm();
    this.end(msg);
  }

  private parseQuery(msg: DnsMsg, cur: DnsCursor): 'parsed' | 'failed' {
    for (let n = msg.num_queries; n > 0; n--) {
      if (!this.question(msg, cur)) return 'failed';
    }
    const rr = newRecordState(DnsAnswerType.Answer);
    return this.answers(msg, rr, msg.num_answers, cur) ? 'parsed' : 'failed';
  }

  /**
   * RFC 2136, 2: one zone (an SOA question), then prerequisites and updates. A zone of
   * another type ends the message without `dns_end`, as in Zeek.
   */
  private parseUpdate(msg: DnsMsg, cur: DnsCursor): 'parsed' | 'failed' | 'abandoned' {
    if (msg.num_queries !== 1) {
      this.ctx.weird('DNS_DU_invalid_zone_count', `${msg.num_queries}`);
      return 'failed';
    }
    const rr = newRecordState(DnsAnswerType.Query);
    if (!this.recordHeader(rr, cur)) return 'failed';
    if (rr.atype !== RrType.SOA) {
      this.ctx.weird('DNS_DU_incorrect_zone_type');
      return 'abandoned';
    }

    const zname = rr.query;
    rr.zclass = rr.aclass;
    rr.answerType = DnsAnswerType.Prerequisite;
    if (!this.answers(msg, rr, msg.num_answers, cur)) return 'failed';
    rr.answerType = DnsAnswerType.Update;
    if (!this.answers(msg, rr, msg.num_auth, cur)) return 'failed';
    this.ctx.events.emit('dns_dynamic_update', this.ctx.conn, msg, zname, rr.zclass);
    return 'parsed';
  }

  private question(msg: DnsMsg, cur: DnsCursor): boolean {
    const name = this.names.read(cur, false);
    if (name === undefined) return false;
    if (cur.remaining < QTYPE_QCLASS_BYTES) {
      this.ctx.weird('DNS_truncated_quest_too_short');
      return false;
    }

    const noRecords = msg.num_answers === 0 && msg.num_auth === 0 && msg.num_addl === 0;
    const event = !msg.QR ? 'dns_request' : noRecords ? 'dns_rejected' : 'dns_query_reply';
    const qtype = cur.short();
    const qclass = cur.short();
    this.ctx.events.emit(event, this.ctx.conn, msg, lowerAscii(name), qtype, qclass, name);
    return true;
  }

  private answers(msg: DnsMsg, rr: RecordState, count: number, cur: DnsCursor): boolean {
    for (let n = count; n > 0; n--) {
      if (!this.answer(msg, rr, cur)) return false;
    }
    return true;
  }

  private answer(msg: DnsMsg, rr: RecordState, cur: DnsCursor): boolean {
    if (!this.recordHeader(rr, cur)) return false;
    rr.ttl = cur.long();
    const rdlength = cur.short();
    if (rdlength > cur.remaining) {
      this.ctx.weird('DNS_truncated_RR_rdlength_lt_len');
      return false;
    }

    const isDynamicUpdate = msg.opcode === DnsOpcode.DynamicUpdate && !msg.is_netbios;
    if (isDynamicUpdate) {
      const verdict = this.updateRecord(msg, rr, rdlength);
      if (verdict !== 'parse') return true;
    }
    if (rdlength === 0 && cur.remaining > 0) {
      if (isDynamicUpdate) return true;
      this.ctx.weird('DNS_zero_rdlength');
      return false;
    }
    return this.rdata.parse(msg, answerOf(rr), cur, rdlength);
  }

  /**
   * RFC 2136, 2.4 and 2.5: prerequisites and deletions carry no data to parse; each is
   * reported as its own event. Like Zeek, the record's data (if any) is then not skipped.
   */
  private updateRecord(msg: DnsMsg, rr: RecordState, rdlength: number): 'parse' | 'done' {
    if (rr.answerType === DnsAnswerType.Update) {
      if (rr.aclass === CLASS_ANY && rr.ttl === 0 && rdlength === 0) {
        this.ctx.events.emit('dns_dynamic_update_del', this.ctx.conn, msg, answerOf(rr));
        return 'done';
      }
      const valid = (rr.aclass === CLASS_NONE && rr.ttl === 0) || rr.aclass === rr.zclass;
      if (valid) return 'parse';
      this.ctx.weird('DNS_dynamic_update_invalid_update');
      return 'done';
    }
    if (rr.answerType !== DnsAnswerType.Prerequisite) return 'parse';

    if (rr.ttl !== 0) {
      this.ctx.weird('DNS_dynamic_update_prereq_nonzero_ttl', `${rr.ttl | 0}`);
    } else if (((rr.aclass === CLASS_ANY || rr.aclass === CLASS_NONE) && rdlength === 0) ||
      rr.aclass === rr.zclass) {
      this.ctx.events.emit('dns_dynamic_update_pre', this.ctx.conn, msg, answerOf(rr));
    } else {
      this.ctx.weird('DNS_dynamic_update_invalid_prereq');
    }
    return 'done';
  }

  /** Owner name, type and class: the part every record and a dynamic update's zone share. */
  private recordHeader(rr: RecordState, cur: DnsCursor): boolean {
    const name = this.names.read(cur, true);
    if (name === undefined) return false;
    if (cur.remaining < QTYPE_QCLASS_BYTES) {
      this.ctx.weird('DNS_truncated_ans_too_short');
      return false;
    }
    rr.query = name;
    rr.atype = cur.short();
    rr.aclass = cur.short();
    return true;
  }

  private end(msg: DnsMsg): void {
    this.ctx.events.emit('dns_end', this.ctx.conn, msg);
  }

  private limitReached(name: string, value: number, max?: number): void {
    this.ctx.weird(name, max === undefined ? `${value}` : `${value} > ${max}`);
    this.ctx.partial();
  }
}

function newRecordState(answerType: number): RecordState {
  return { answerType, query: '', atype: 0, aclass: 0, ttl: 0, zclass: 0 };
}

function answerOf(rr: RecordState): DnsAnswer {
  return { answer_type: rr.answerType, query: rr.query, qtype: rr.atype, qclass: rr.aclass,
    TTL: rr.ttl };
}

/** IPv4 224.0.0.0/4 or IPv6 ff00::/8. */
export function isMulticast(addr: Uint8Array): boolean {
  const IPV4_MULTICAST_HIGH_BITS = 0xe0;
  const IPV6_MULTICAST_BYTE = 0xff;
  if (addr.length === 4) return (addr[0] & 0xf0) === IPV4_MULTICAST_HIGH_BITS;
  return addr[0] === IPV6_MULTICAST_BYTE;
}

/**
 * dns.log: one row per query and its reply, written by handlers of the DNS events exactly as
 * Zeek's base/protocols/dns/main.zeek fills DNS::Info: a row is written once both its query
 * and its reply were seen (at once for multicast), and unmatched ones when the connection is
 * removed.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { Connection } from '../../stages/connection.js';
import { DnsAnswerType, logText, type DnsAnswer, type DnsMsg } from './dns-events.js';
import { DnsOpcode, isTrackedOpcode } from './dns-header.js';
import { DEFAULT_DNS_LIMITS, type DnsLimits } from './dns-limits.js';
import { className, queryTypeName } from './dns-names.js';
import * as text from './dns-reply-text.js';
import { DnsConnState, type DnsInfo } from './dns-session.js';
import { decodeNetbiosName } from './netbios-name.js';
import { CONN_ID_FIELDS } from '../conn-id-fields.js';

export const DNS_LOG: LogStreamSpec = {
  path: 'dns',
  doc: 'DNS queries with their replies, one row per transaction.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time of the first message of the transaction.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
    ...CONN_ID_FIELDS,
    { name: 'proto', type: 'enum', doc: 'Transport: udp or tcp.' },
    { name: 'trans_id', type: 'count', optional: true, doc: 'DNS transaction id (16 bits).' },
    {
      name: 'rtt', type: 'interval', optional: true,
      doc: 'Seconds from the query to the first answer record; unset without both.',
    },
    { name: 'query', type: 'string', optional: true, doc: 'The domain name asked about.' },
    { name: 'qclass', type: 'count', optional: true, doc: 'Class of the question.' },
    { name: 'qclass_name', type: 'string', optional: true, doc: 'Name of the class.' },
    { name: 'qtype', type: 'count', optional: true, doc: 'Type of the question.' },
    { name: 'qtype_name', type: 'string', optional: true, doc: 'Name of the type.' },
    { name: 'rcode', type: 'count', optional: true, doc: 'Response code; unset without reply.' },
    { name: 'rcode_name', type: 'string', optional: true, doc: 'Name of the response code.' },
    { name: 'AA', type: 'bool', doc: 'Authoritative answer bit of the reply.' },
    { name: 'TC', type: 'bool', doc: 'Truncation bit of the query.' },
    { name: 'RD', type: 'bool', doc: 'Recursion desired bit of the query.' },
    { name: 'RA', type: 'bool', doc: 'Recursion available bit of the reply.' },
    { name: 'Z', type: 'count', doc: 'The 3 reserved bits of the query (AD and CD included).' },
    {
      name: 'answers', type: 'vector[string]', optional: true,
      doc: 'Answer records as text, one per record (TXT strings as "TXT <len> <text>").',
    },
    {
      name: 'TTLs', type: 'vector[interval]', optional: true,
      doc: 'Time to live of each answer record, in seconds, in the order of answers.',
    },
    { name: 'rejected', type: 'bool', doc: 'Whether the server turned the query down.' },
    { name: 'opcode', type: 'count', optional: true, doc: 'Opcode of the last message.' },
    { name: 'opcode_name', type: 'string', optional: true, doc: 'Name of the opcode.' },
  ],
};

const NETBIOS_PORT = 137;
const HANDLER_PRIORITY = 5;
const LOG_PRIORITY = -5;
/** After other removal handlers, before conn.log's row (as Zeek's removal hooks run). */
const FINALIZE_PRIORITY = -3;

/** The dns.log record of a filled DNS::Info. */
export function dnsRecord(info: DnsInfo) {
  return {
    ts: info.ts, uid: info.uid,
    'id.orig_h': info.origH, 'id.orig_p': info.origPort,
    'id.resp_h': info.respH, 'id.resp_p': info.respPort,
    community_id: info.communityId,
    proto: info.proto, trans_id: info.trans_id, rtt: info.rtt,
    query: info.query === undefined ? undefined : logText(info.query),
    qclass: info.qclass, qclass_name: info.qclass_name,
    qtype: info.qtype, qtype_name: info.qtype_name,
    rcode: info.rcode, rcode_name: info.rcode_name,
    AA: info.AA, TC: info.TC, RD: info.RD, RA: info.RA, Z: info.Z,
    answers: info.answers?.map(logText), TTLs: info.TTLs,
    rejected: info.rejected, opcode: info.opcode, opcode_name: info.opcode_name,
  };
}

/** Network time of the event being handled. */
function eventTime(c: Connection): number {
  return c.analysis?.now ?? c.lastTime;
}

class DnsLogWriter {
  constructor(private readonly logs: LogManager, private readonly limits: DnsLimits) {}

  write = (info: DnsInfo): void => {
    this.logs.write(DNS_LOG.path, dnsRecord(info));
  };

  message(c: Connection, msg: DnsMsg): void {
    if (!isTrackedOpcode(msg.opcode)) return;
    let state = DnsConnState.of(c);
    if (state === undefined) {
      state = new DnsConnState(this.limits, this.write);
      DnsConnState.attach(c, state);
    }
    state.setSession(c, msg, !msg.QR, eventTime(c));
  }

  request(c: Connection, msg: DnsMsg, query: string, qtype: number, qclass: number): void {
    const info = DnsConnState.of(c)?.current;
    if (!isTrackedOpcode(msg.opcode) || info === undefined) return;
    info.RD = msg.RD;
    info.TC = msg.TC;
    info.qclass = qclass;
    info.qclass_name = className(qclass);
    info.qtype = qtype;
    info.qtype_name = queryTypeName(qtype);
    info.Z = msg.Z;
    info.query = c.proto === 'udp' && c.respPort === NETBIOS_PORT ? this.netbios(info, query)
      : query;
  }

  /** NetBIOS name service: the decoded name, and type 33 called by its NetBIOS name. */
  private netbios(info: DnsInfo, query: string): string {
    if (info.qtype_name === 'SRV') info.qtype_name = 'NBSTAT';
    const decoded = decodeNetbiosName(query);
    return decoded.length > 0 ? decoded : query;
  }

  /** Zeek's DNS::do_reply: an answer record adds its text and TTL to the row. */
  reply(c: Connection, msg: DnsMsg, ans: DnsAnswer, reply: string): void {
    const info = DnsConnState.of(c)?.current;
    if (!isTrackedOpcode(msg.opcode) || !msg.QR || info === undefined) return;
    const t = ans.answer_type;
    if (t !== DnsAnswerType.Answer && t !== DnsAnswerType.Prerequisite &&
      t !== DnsAnswerType.Update) return;

    info.query ??= ans.query;
    info.AA = msg.AA;
    info.RA = msg.RA;
    if (info.rtt === undefined) {
      // No time between query and reply means only the reply was seen.
      const rtt = eventTime(c) - info.ts;
      info.rtt = rtt === 0 ? undefined : rtt;
    }
    if (reply === '') return;

    const isAddition = msg.opcode === DnsOpcode.DynamicUpdate &&
      t === DnsAnswerType.Update && !reply.startsWith('del:');
    (info.answers ??= []).push(isAddition ? `add: ${reply}` : reply);
    (info.TTLs ??= []).push(ans.TTL);
  }

  end(c: Connection, msg: DnsMsg): void {
    const info = DnsConnState.of(c)?.current;
    if (info === undefined) return;
    if (msg.QR) info.sawReply = true;
    else info.sawQuery = true;
  }

  endLog(c: Connection): void {
    const state = DnsConnState.of(c);
    const info = state?.current;
    if (info === undefined || !info.sawReply || !info.sawQuery) return;
    this.write(info);
    state!.current = undefined;
  }
}

/** Subscribes the dns.log writer to the DNS events. */
export function registerDnsLog(
  events: EventBus<CoreEvents>, logs: LogManager, limits: DnsLimits = DEFAULT_DNS_LIMITS,
): void {
  logs.createStream(DNS_LOG);
  const w = new DnsLogWriter(logs, limits);
  const P = HANDLER_PRIORITY;
  events.on('dns_message', (c, _isOrig, msg) => w.message(c, msg), P);
  events.on('dns_request', (c, msg, query, qtype, qclass) =>
    w.request(c, msg, query, qtype, qclass), P);
  events.on('dns_rejected', (c) => {
    const info = DnsConnState.of(c)?.current;
    if (info !== undefined) info.rejected = true;
  }, P);
  registerReplies(events, (c, msg, ans, reply) => w.reply(c, msg, ans, reply));
  events.on('dns_end', (c, msg) => w.end(c, msg), P);
  events.on('dns_end', (c) => w.endLog(c), LOG_PRIORITY);
  events.on('connection_state_remove', (c) => DnsConnState.of(c)?.finalize(), FINALIZE_PRIORITY);
}

type Reply = (c: Connection, msg: DnsMsg, ans: DnsAnswer, reply: string) => void;

/** The per-type reply handlers of main.zeek, each turning its record into text. */
function registerReplies(events: EventBus<CoreEvents>, reply: Reply): void {
  const P = HANDLER_PRIORITY;
  const asIs = (c: Connection, msg: DnsMsg, ans: DnsAnswer, s: string) => reply(c, msg, ans, s);
  events.on('dns_unknown_reply', (c, m, a) => reply(c, m, a, text.unknownText(a)), P);
  events.on('dns_A_reply', (c, m, a, ip) => reply(c, m, a, text.addressText('A', m, a, ip)), P);
  events.on('dns_AAAA_reply', (c, m, a, ip) =>
    reply(c, m, a, text.addressText('AAAA', m, a, ip)), P);
  events.on('dns_A6_reply', (c, m, a, ip) => reply(c, m, a, text.addressText('A6', m, a, ip)), P);
  events.on('dns_TXT_reply', (c, m, a, s) => reply(c, m, a, text.characterStringsText('TXT', s)),
    P);
  events.on('dns_SPF_reply', (c, m, a, s) => reply(c, m, a, text.characterStringsText('SPF', s)),
    P);
  events.on('dns_NS_reply', asIs, P);
  events.on('dns_CNAME_reply', asIs, P);
  events.on('dns_PTR_reply', asIs, P);
  events.on('dns_MX_reply', (c, m, a, name) => reply(c, m, a, name), P);
  events.on('dns_SOA_reply', (c, m, a, soa) => reply(c, m, a, soa.mname), P);
  events.on('dns_WKS_reply', (c, m, a) => reply(c, m, a, ''), P);
  events.on('dns_SRV_reply', (c, m, a, target) => reply(c, m, a, target), P);
  events.on('dns_NAPTR_reply', (c, m, a, n) => reply(c, m, a, text.naptrText(n)), P);
  events.on('dns_RRSIG', (c, m, a, r) => reply(c, m, a, text.rrsigText(r)), P);
  events.on('dns_DNSKEY', (c, m, a, k) => reply(c, m, a, text.dnskeyText(k)), P);
  events.on('dns_NSEC', (c, m, a, next) => reply(c, m, a, text.nsecText(a, next)), P);
  events.on('dns_NSEC3', (c, m, a) => reply(c, m, a, 'NSEC3'), P);
  events.on('dns_NSEC3PARAM', (c, m, a) => reply(c, m, a, 'NSEC3PARAM'), P);
  events.on('dns_DS', (c, m, a, ds) => reply(c, m, a, text.dsText(ds)), P);
  events.on('dns_BINDS', (c, m, a) => reply(c, m, a, 'BIND9 signing signal'), P);
  events.on('dns_SSHFP', (c, m, a, _al, _fp, f) => reply(c, m, a, text.sshfpText(f)), P);
  events.on('dns_LOC', (c, m, a, loc) => reply(c, m, a, text.locText(loc)), P);
  events.on('dns_dynamic_update_pre', (c, m, a) =>
    reply(c, m, a, text.prerequisiteText(a, queryTypeName(a.qtype))), P);
  events.on('dns_dynamic_update_del', (c, m, a) =>
    reply(c, m, a, text.deletionText(a, queryTypeName(a.qtype))), P);
}

/**
 * Whole messages through the interpreter and the dns.log handlers: each record type renders
 * as Zeek renders it in `answers`.
 */
import t from 'tap';

import { DnsInterpreter } from '../../../src/analyzers/dns/dns-interpreter.js';
import { DEFAULT_DNS_LIMITS } from '../../../src/analyzers/dns/dns-limits.js';
import { hex, testContext, weirdNames } from './dns-test-context.js';

// Header: id 1234, flags 0100 (RD), 1 question.
// Question at 12: 03 'www' 07 'example' 03 'com' 00, type A, class IN.
const QUESTION = '03777777 076578616d706c65 03636f6d 00 0001 0001';
const QUERY = hex(`1234 0100 0001 0000 0000 0000 ${QUESTION}`);

// Reply: id 1234, flags 8180 (QR RD RA), 1 question, 10 answers, each owned by c0 0c.
// "example.com" sits at offset 16, so c0 10 points to it.
const ANSWERS = [
  'c00c 0005 0001 00000e10 0006 03776562 c010', // CNAME web.example.com, TTL 3600
  'c00c 0001 0001 0000003c 0004 c0000201', // A 192.0.2.1
  'c00c 001c 0001 0000003c 0010 20010db8000000000000000000000001', // AAAA 2001:db8::1
  'c00c 000f 0001 0000003c 0009 000a 046d61696c c010', // MX 10 mail.example.com
  'c00c 0010 0001 0000003c 0008 03616263 03642c66', // TXT "abc" "d,f"
  'c00c 0006 0001 0000003c 0022 036e7331 c010 0561646d696e c010' + // SOA ns1, admin
    ' 00000001 00000e10 00000258 00093a80 0000003c',
  'c00c 0021 0001 0000003c 000c 0001 0002 01bb 03737276 c010', // SRV 1 2 443 srv.example.com
  'c00c 0023 0001 0000003c 0019 0064 000a 0155 074532552b736970' + // NAPTR 100 10 "U" "E2U+sip"
    ' 08215e2e2a2421782100', //   regexp "!^.*$!x!", replacement root
  'c00c 1234 0001 0000003c 0002 abcd', // type 4660: unknown
  'c00c 0002 0001 0000003c 0002 c010', // NS example.com
];
const REPLY = hex(`1234 8180 0001 000a 0000 0000 ${QUESTION} ${ANSWERS.join(' ')}`);

t.test('dns records: a query and its reply make one row with every answer rendered',
  async (t) => {
    const ctx = testContext();
    const interp = new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS);
    interp.parseMessage(QUERY, 'orig');
    t.equal(ctx.rows.length, 0, 'nothing logged before the reply');

    ctx.conn.lastTime = 1000.25;
    interp.parseMessage(REPLY, 'resp');
    t.equal(ctx.rows.length, 1);
    const row = ctx.rows[0];
    t.match(row, {
      trans_id: 0x1234, query: 'www.example.com', qclass: 1, qclass_name: 'C_INTERNET',
      qtype: 1, qtype_name: 'A', rcode: 0, rcode_name: 'NOERROR', AA: false, TC: false,
      RD: true, RA: true, Z: 0, rejected: false, opcode: 0, opcode_name: 'query', proto: 'udp',
    });
    t.equal(row.rtt, 0.25);
    t.same(row.answers, [
      'web.example.com', '192.0.2.1', '2001:db8::1', 'mail.example.com', 'TXT 3 abc TXT 3 d,f',
      'ns1.example.com', 'srv.example.com', 'NAPTR 100 10 U E2U+sip !^.*$!x!',
      '<unknown type=4660>', 'example.com',
    ]);
    t.same(row.TTLs, [3600, 60, 60, 60, 60, 60, 60, 60, 60, 60]);
    t.same(weirdNames(ctx), ['DNS_RR_unknown_type']);
    t.equal(ctx.weirds[0].addl, '4660');
    t.equal(ctx.confirmed, 2, 'both messages confirm the protocol');
  });

t.test('dns records: a truncated answer keeps the answers before it and confirms nothing',
  async (t) => {
    // Reply with 2 answers: A 192.0.2.1, then an A claiming 4 bytes of which 2 are there.
    const reply = hex(`1234 8180 0001 0002 0000 0000 ${QUESTION}` +
      ' c00c 0001 0001 0000003c 0004 c0000201 c00c 0001 0001 0000003c 0004 c000');
    const ctx = testContext();
    const interp = new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS);
    interp.parseMessage(QUERY, 'orig');
    interp.parseMessage(reply, 'resp');

    t.same(weirdNames(ctx), ['DNS_truncated_RR_rdlength_lt_len']);
    t.equal(ctx.confirmed, 1, 'only the query was well-formed');
    t.same(ctx.rows[0]?.answers, ['192.0.2.1']);
  });

t.test('dns records: DNSSEC records render as Zeek writes them', async (t) => {
  const records = [
    // RRSIG covering A, algorithm 8, 2 labels, signer example.com
    'c00c 002e 0001 0000003c 0018 0001 08 02 0000003c 00000000 00000000 1234 c010 abcdabcd',
    // DNSKEY flags 0101 (zone key, SEP), protocol 3, algorithm 13
    'c00c 0030 0001 0000003c 0006 0101 03 0d abcd',
    // DS key tag 1234, algorithm 8, digest type 2
    'c00c 002b 0001 0000003c 0006 1234 08 02 abcd',
    // NSEC next name "a.example.com", one bitmap window 0 of 1 byte
    'c00c 002f 0001 0000003c 0007 0161 c010 0001 40',
    // NSEC3 algorithm 1, flags 0, 0 iterations, no salt, 1-byte hash, no bitmap
    'c00c 0032 0001 0000003c 0007 01 00 0000 00 01 aa',
    // SSHFP algorithm 1, type 1, fingerprint 0aff
    'c00c 002c 0001 0000003c 0004 01 01 0aff',
  ];
  const count = records.length.toString(16).padStart(4, '0');
  const reply = hex(`1234 8180 0001 ${count} 0000 0000 ${QUESTION} ${records.join(' ')}`);
  const ctx = testContext();
  const interp = new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS);
  interp.parseMessage(QUERY, 'orig');
  interp.parseMessage(reply, 'resp');

  t.same(ctx.rows[0]?.answers, [
    'RRSIG 1 example.com', 'DNSKEY 13', 'DS 8 2', 'NSEC www.example.com a.example.com', 'NSEC3',
    'SSHFP: 0aff',
  ]);
  t.same(weirdNames(ctx), []);
});

t.test('dns records: a response without records to a notify is rejected', async (t) => {
  // id 0001, flags 2000 (notify) / a000 (QR, notify) with rcode 5; question example.com SOA.
  const q = '076578616d706c65 03636f6d 00 0006 0001';
  const ctx = testContext();
  const interp = new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS);
  interp.parseMessage(hex(`0001 2000 0001 0000 0000 0000 ${q}`), 'orig');
  interp.parseMessage(hex(`0001 a005 0001 0000 0000 0000 ${q}`), 'resp');
  t.match(ctx.rows[0], {
    query: 'example.com', qtype_name: 'SOA', rcode_name: 'REFUSED', rejected: true, opcode: 4,
    opcode_name: 'notify',
  });
});

t.test('dns records: an unknown opcode is a weird and marks the connection partial',
  async (t) => {
    const ctx = testContext();
    new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS).parseMessage(hex('0001 7800 0000 0000 0000 0000'),
      'orig');
    t.same(ctx.weirds, [{ name: 'DNS_unknown_opcode', addl: '15' }]);
    t.match(ctx.conn.history, /X/);
  });

t.test('dns records: more questions than the limit is a violation and a limit weird',
  async (t) => {
    const ctx = testContext();
    const limits = { ...DEFAULT_DNS_LIMITS, maxQueries: 1 };
    new DnsInterpreter(ctx, limits).parseMessage(hex(`0001 0100 0002 0000 0000 0000 ${QUESTION}`),
      'orig');
    t.same(ctx.violations, ['DNS_Conn_count_too_large']);
    t.same(ctx.weirds, [{ name: 'DNS_Conn_count_too_large', addl: '2 > 1' }]);
    t.equal(ctx.confirmed, 0);
  });

t.test('dns records: a short message is a weird, never an exception', async (t) => {
  const ctx = testContext();
  new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS).parseMessage(hex('0001 0100 00'), 'orig');
  t.same(weirdNames(ctx), ['DNS_truncated_len_lt_hdr_len']);
});

t.test('dns records: a reply seen first from the originator flips the connection', async (t) => {
  const ctx = testContext();
  new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS).parseMessage(REPLY, 'orig');
  t.equal(ctx.flips, 1);
  t.equal(ctx.conn.respPort, 33333);
});

t.test('dns records: a multicast reply is logged at once, without waiting for a query',
  async (t) => {
    const ctx = testContext(
      (await import('./dns-test-context.js')).testConnection(5353, 'udp', [224, 0, 0, 251]));
    new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS).parseMessage(REPLY, 'orig');
    t.equal(ctx.flips, 0, 'a multicast group is never the originator');
    t.equal(ctx.rows.length, 1);
    t.equal(ctx.rows[0].query, 'www.example.com', 'the query comes from the first answer');
    t.equal(ctx.rows[0].qtype, undefined);
  });

t.test('dns records: random bytes never throw', async (t) => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const ctx = testContext();
  const interp = new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS);
  for (let i = 0; i < 2000; i++) {
    const msg = Uint8Array.from(REPLY);
    for (let k = 0; k < 4; k++) msg[12 + (next() % (msg.length - 12))] = next() & 0xff;
    msg[2] = 0x81;
    interp.parseMessage(msg.subarray(0, 12 + (next() % (msg.length - 12))), 'resp');
  }
  t.pass('2000 damaged replies parsed');
});

/** The per-connection analyzer: TCP framing, UDP expiry, and the pending-message limits. */
import t from 'tap';

import { DNS_ANALYZER } from '../../../src/analyzers/dns/dns-analyzer.js';
import { DEFAULT_DNS_LIMITS } from '../../../src/analyzers/dns/dns-limits.js';
import { DnsTcpFramer } from '../../../src/analyzers/dns/dns-tcp-framing.js';
import { DnsInterpreter } from '../../../src/analyzers/dns/dns-interpreter.js';
import { hex, testConnection, testContext } from './dns-test-context.js';

// Query: id 0001, RD, 1 question: 01 'a' 00, type A, class IN (12 + 7 = 19 bytes).
const QUERY = hex('0001 0100 0001 0000 0000 0000 016100 0001 0001');

t.test('dns tcp framing: a message split over three pieces comes out whole', async (t) => {
  const out: string[] = [];
  const framer = new DnsTcpFramer((m) => out.push(Buffer.from(m).toString('hex')));
  const framed = Uint8Array.from([0, QUERY.length, ...QUERY]);
  framer.push(framed.subarray(0, 1));
  t.equal(framer.needed, 1, 'one length byte still needed');
  framer.push(framed.subarray(1, 8));
  t.equal(framer.pending, 6);
  t.equal(framer.needed, QUERY.length - 6);
  framer.push(framed.subarray(8));
  t.same(out, [Buffer.from(QUERY).toString('hex')]);
  t.equal(framer.needed, 2, 'back to waiting for a length');
});

t.test('dns tcp framing: several messages in one piece each come out', async (t) => {
  let n = 0;
  const framer = new DnsTcpFramer(() => void n++);
  framer.push(Uint8Array.from([0, 3, 1, 2, 3, 0, 2, 4, 5, 0]));
  t.equal(n, 2);
  t.equal(framer.needed, 1, 'the third length is half read');
  t.same(framer.partial(), undefined);
});

t.test('dns over tcp: a query arriving in pieces raises dns_request once complete',
  async (t) => {
    const ctx = testContext(testConnection(53, 'tcp'));
    const requests: string[] = [];
    ctx.events.on('dns_request', (_c, _m, query) => void requests.push(query));
    const analyzer = DNS_ANALYZER.create(ctx);
    const framed = Uint8Array.from([0, QUERY.length, ...QUERY]);
    analyzer.deliverStream!(true, framed.subarray(0, 10));
    t.same(requests, []);
    analyzer.deliverStream!(true, framed.subarray(10));
    t.same(requests, ['a']);
    t.equal(ctx.timers.length, 0, 'no expiry timer on TCP');
  });

t.test('dns over tcp: an unfinished message is parsed when the stream ends', async (t) => {
  const ctx = testContext(testConnection(53, 'tcp'));
  const analyzer = DNS_ANALYZER.create(ctx);
  analyzer.deliverStream!(true, Uint8Array.from([0, 40, ...QUERY.subarray(0, 14)]));
  analyzer.endOfData!(true);
  t.same(ctx.weirds.map((w) => w.name), ['dns_invalid_name']);
});

t.test('dns over udp: the connection expires once idle for the session timeout', async (t) => {
  const ctx = testContext();
  DNS_ANALYZER.create(ctx);
  t.equal(ctx.timers.length, 1);
  t.equal(ctx.timers[0].due, 1000 + DEFAULT_DNS_LIMITS.sessionTimeout);

  ctx.conn.lastTime = 1005;
  ctx.timers[0].fire(1010);
  t.notOk(ctx.expired, 'active 5 s ago: checked again later');
  t.equal(ctx.timers[1].due, 1020);
  ctx.timers[1].fire(1020);
  t.ok(ctx.expired, 'idle 15 s: expired');
});

t.test('dns log: unmatched queries past the per-id limit are logged early', async (t) => {
  const ctx = testContext(testConnection(), { ...DEFAULT_DNS_LIMITS, maxPendingMsgs: 1 });
  const interp = new DnsInterpreter(ctx, DEFAULT_DNS_LIMITS);
  for (let i = 0; i < 4; i++) interp.parseMessage(QUERY, 'orig');
  t.equal(ctx.rows.length, 2, 'the queue of one id overflowed once');
  ctx.events.emit('connection_state_remove', ctx.conn);
  t.equal(ctx.rows.length, 4, 'the rest are logged when the connection goes');

  const roomy = testContext();
  const interp2 = new DnsInterpreter(roomy, DEFAULT_DNS_LIMITS);
  for (let i = 0; i < 4; i++) interp2.parseMessage(QUERY, 'orig');
  t.equal(roomy.rows.length, 0, 'the default limits keep them all until the connection goes');
});

t.test('dns limits: the defaults in config/default.yaml are the built-in ones', async (t) => {
  const { loadConfig } = await import('../../../src/config/config.js');
  const { dnsLimitsFromConfig } = await import('../../../src/analyzers/dns/dns-limits.js');
  t.same(dnsLimitsFromConfig(loadConfig().dns as never), DEFAULT_DNS_LIMITS);
});

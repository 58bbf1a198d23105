import t from 'tap';

import { NTP_ANALYZER } from '../../src/analyzers/ntp/ntp-analyzer.js';
import { parseNtp } from '../../src/analyzers/ntp/ntp-parser.js';
import { collect, connection, harness, hex } from './context-harness.js';

/**
 * NTPv4 client request (mode 3), 48 bytes:
 *   e3 00 06 ec            LI 3, VN 4, mode 3; stratum 0; poll 6; precision -20
 *   00000000 00000000      root delay, root dispersion
 *   49 4e 49 54            reference id "INIT"
 *   0 ref, 0 org, 0 rec    three zero timestamps
 *   e0 99 5c 16 00 00 00 00  transmit time 2019-05-30 (seconds 0xe0995c16)
 */
const CLIENT = hex(`e30006ec 00000000 00000000 494e4954
  0000000000000000 0000000000000000 0000000000000000 e0995c1600000000`);

/** The same message as a server reply (mode 4, stratum 2, ref id 10.0.0.1). */
const SERVER = Uint8Array.from(CLIENT);
SERVER[0] = 0x24;
SERVER[1] = 2;
SERVER.set([10, 0, 0, 1], 12);

t.test('ntp: a client request parses into version, mode and Unix times, zeros kept as 0', (t) => {
  const r = parseNtp(CLIENT);
  t.ok(r.ok);
  if (!r.ok) return t.end();
  t.equal(r.value.version, 4);
  t.equal(r.value.mode, 3);
  const std = r.value.stdMsg!;
  t.equal(std.poll, 64);
  t.equal(std.precision, 2 ** -20);
  t.same([...std.kissCode!], [0x49, 0x4e, 0x49, 0x54], 'stratum 0: the id is a kiss code');
  t.equal(std.refTime, 0);
  t.equal(std.xmtTime, 0xe0995c16 - 2208988800);
  t.equal(std.numExts, 0);
  t.end();
});

t.test('ntp: stratum 2 and above gives the reference id as an address', (t) => {
  const r = parseNtp(SERVER);
  t.equal(r.ok && r.value.stdMsg?.refAddr, '10.0.0.1');
  t.end();
});

t.test('ntp: a truncated message is a violation and raises nothing', (t) => {
  const h = harness(NTP_ANALYZER, connection('udp', '10.0.0.2', 123, '10.0.0.1', 123));
  const seen = collect(h, 'ntp_message');
  t.doesNotThrow(() => h.analyzer.deliverPacket!(true, CLIENT.subarray(0, 47)));
  t.equal(seen.length, 0);
  t.equal(h.confirmed, 0);
  t.match(h.violations, ['truncated NTP message']);
  t.end();
});

t.test('ntp: an extension field whose length is too small rejects the message', (t) => {
  // 48 bytes, then 28 bytes of extension claiming length 8 (below the 16 minimum).
  const ext = hex('0102 0008 0000 00000000 00000000 00000000 00000000 00000000 00000000');
  const r = parseNtp(Uint8Array.from([...CLIENT, ...ext]));
  t.notOk(r.ok);
  t.end();
});

t.test('ntp: a server reply from the originator flips the roles once and raises the flip', (t) => {
  const conn = connection('udp', '10.0.0.1', 123, '10.0.0.2', 123);
  const h = harness(NTP_ANALYZER, conn);
  const flips = collect(h, 'connection_flipped');
  const msgs = collect(h, 'ntp_message');
  h.analyzer.deliverPacket!(true, SERVER);
  h.analyzer.deliverPacket!(true, SERVER);
  t.equal(flips.length, 1, 'flipped once for that direction');
  t.equal(conn.origH, '10.0.0.2');
  t.equal(conn.history, '^');
  t.equal(msgs[0][1], true, 'the event keeps the direction the datagram arrived as');
  t.equal(h.confirmed, 2);
  t.end();
});

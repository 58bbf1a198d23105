import t from 'tap';

import { SNMP_ANALYZER } from '../../src/analyzers/snmp/snmp-analyzer.js';
import { parseSnmp } from '../../src/analyzers/snmp/snmp-parser.js';
import { collect, connection, harness, hex } from './context-harness.js';

const quiet = { weird: () => {} };

/**
 * SNMPv2c GetRequest for sysDescr.0:
 *   30 26                 SEQUENCE
 *   02 01 01              version 1 (v2c)
 *   04 06 70 75 62 6c 69 63   community "public"
 *   a0 19                 GetRequest
 *   02 01 2a  02 01 00  02 01 00    request id 42, error status, error index
 *   30 0e  30 0c  06 08 2b 06 01 02 01 01 01 00  05 00   bindings: 1.3.6.1.2.1.1.1.0 = NULL
 */
const GET = hex(`3026 020101 0406 7075626c6963 a019 02012a 020100 020100
  300e 300c 0608 2b06010201010100 0500`);

/**
 * SNMPv3 with an encrypted scoped PDU and user "ab" in the USM parameters:
 *   30 2b  02 01 03                       SEQUENCE, version 3
 *   30 0d 02 01 01 02 02 05 dc 04 01 03 02 01 03    header data: id 1, max 1500, flags 3, USM
 *   04 12 30 10 04 00 02 01 00 02 01 00 04 02 61 62 04 00 04 00   USM: user "ab"
 *   04 03 de ad 00                        encrypted PDU
 */
const V3_ENCRYPTED = hex(`302b 020103 300d 020101 020205dc 040103 020103
  0412 3010 0400 020100 020100 04026162 0400 0400 0403dead00`);

t.test('snmp: a v2c GetRequest raises its event with community and bindings', (t) => {
  const h = harness(SNMP_ANALYZER, connection('udp', '10.0.0.2', 40000, '10.0.0.1', 161));
  const seen = collect(h, 'snmp_get_request');
  h.analyzer.deliverPacket!(true, GET);
  t.equal(seen.length, 1);
  const [, , header, pdu] = seen[0];
  t.equal(Buffer.from(header.v2!.community).toString(), 'public');
  t.equal(pdu.requestId, 42n);
  t.same(pdu.bindings.map((b) => [b.oid, b.value.tag]), [['1.3.6.1.2.1.1.1.0', 5]]);
  t.equal(h.confirmed, 0, 'a request does not confirm; a response header does');
  h.analyzer.deliverPacket!(false, GET);
  t.equal(h.confirmed, 1);
  t.end();
});

t.test('snmp: an encrypted v3 PDU is reported before the user name is decoded', (t) => {
  const out = parseSnmp(V3_ENCRYPTED, quiet);
  t.equal(out.failure, undefined);
  t.equal(out.reports.length, 1);
  const r = out.reports[0];
  t.equal(r.event, 'snmp_encrypted_pdu');
  if (r.event === 'snmp_encrypted_pdu') t.equal(r.header.v3?.userSecurity, undefined);
  t.end();
});

t.test('snmp: a BER length past the end of the datagram is a violation, not a throw', (t) => {
  const cut = Uint8Array.from(GET);
  cut[6] = 0x7f; // community claims 127 bytes
  const h = harness(SNMP_ANALYZER, connection('udp', '10.0.0.2', 40000, '10.0.0.1', 161));
  t.doesNotThrow(() => h.analyzer.deliverPacket!(false, cut));
  t.match(h.violations, [/past the end/]);
  t.equal(h.confirmed, 0);
  t.end();
});

t.test('snmp: a long-form length of 9 bytes is a weird and reads as 0', (t) => {
  const weirds: string[] = [];
  // SEQUENCE with length bytes 89 + nine bytes, then nothing.
  const out = parseSnmp(hex('30 89 010000000000000000'), { weird: (n) => void weirds.push(n) });
  t.same(weirds, ['asn_binary_to_int64_shift_too_large']);
  t.ok(out.failure !== undefined, 'the version integer is missing');
  t.end();
});

t.test('snmp: absurdly nested sequences neither recurse nor throw', (t) => {
  const depth = 100000;
  const data = new Uint8Array(depth * 2);
  for (let i = 0; i < depth; i++) data.set([0x30, 0x80], i * 2);
  t.doesNotThrow(() => parseSnmp(data, quiet));
  t.ok(parseSnmp(data, quiet).failure);
  t.end();
});

t.test('snmp: an integer wider than 9 bytes stops the message', (t) => {
  const out = parseSnmp(hex('3010 020a 01020304050607080910'), quiet);
  t.match(out.failure, /integer width overflow: 10/);
  t.end();
});

t.test('snmp: a binding cut short drops the PDU but keeps the header', (t) => {
  const out = parseSnmp(GET.subarray(0, GET.length - 3), quiet);
  t.equal(out.headerParsed, true);
  t.equal(out.reports.length, 0);
  t.ok(out.failure);
  t.end();
});

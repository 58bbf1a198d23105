/**
 * Tunnel header parsers on small hand-made headers. Each returns whether a packet follows,
 * and reports through the shared payload object where it is, or why not.
 */
import t from 'tap';

import { parseAyiya, looksLikeAyiya } from '../../../src/stages/tunnels/ayiya.js';
import { parseGeneve } from '../../../src/stages/tunnels/geneve.js';
import { parseGre } from '../../../src/stages/tunnels/gre.js';
import { parseGtpv1 } from '../../../src/stages/tunnels/gtpv1.js';
import { checkInnerIp } from '../../../src/stages/tunnels/inner-ip-check.js';
import { looksLikeTeredo, parseTeredo } from '../../../src/stages/tunnels/teredo.js';
import { InnerLink, TunnelPayload } from '../../../src/stages/tunnels/tunnel-payload.js';
import { parseVxlan } from '../../../src/stages/tunnels/vxlan.js';
import { hex, ipv4, ipv6, udp } from '../../helpers/packet-builder.js';

const inner4 = ipv4({ proto: 17, payload: udp(1000, 2000, Buffer.from('hi')) });
const inner6 = ipv6({ next: 17, payload: udp(1000, 2000, Buffer.from('hi')) });

function payload(): TunnelPayload {
  const out = new TunnelPayload();
  out.reset();
  return out;
}

t.test('gre: version 0 with a key carries raw IP after 8 header bytes', async (t) => {
  // flags 0x2000 (key present), protocol 0x0800 | key 0x00000001
  const pkt = Buffer.concat([hex('2000 0800 | 0000 0001'), inner4]);
  const out = payload();
  t.equal(parseGre(pkt, 0, pkt.length, out, { version: -1 }), undefined);
  t.equal(out.offset, 8);
  t.equal(out.length, inner4.length);
  t.equal(out.link, InnerLink.Ip);
});

t.test('gre: transparent Ethernet bridging and ERSPAN II carry Ethernet frames', async (t) => {
  const frame = Buffer.concat([Buffer.alloc(12), hex('0800'), inner4]);
  // flags 0, protocol 0x6558 (transparent Ethernet bridging)
  const bridged = Buffer.concat([hex('0000 6558'), frame]);
  const out = payload();
  t.equal(parseGre(bridged, 0, bridged.length, out, { version: 0 }), undefined);
  t.equal(out.link, InnerLink.Ethernet);
  t.equal(out.offset, 4);

  // flags 0x1000 (sequence), protocol 0x88be | sequence | 8-byte ERSPAN II header
  const erspan = Buffer.concat([hex('1000 88be | 0000 0007 | 1000 0001 0000 0000'), frame]);
  t.equal(parseGre(erspan, 0, erspan.length, out, { version: 0 }), undefined);
  t.equal(out.offset, 16);
  t.equal(out.link, InnerLink.Ethernet);
});

t.test('gre: PPTP (version 1) carries the IP of its PPP frame', async (t) => {
  // flags 0x3001 (key, sequence, version 1), protocol 0x880b | payload length, call id |
  // sequence | PPP ff03 0021 (IPv4)
  const pkt = Buffer.concat([hex('3001 880b | 0020 0001 | 0000 0001 | ff03 0021'), inner4]);
  const out = payload();
  const info = { version: -1 };
  t.equal(parseGre(pkt, 0, pkt.length, out, info), undefined);
  t.equal(info.version, 1);
  t.equal(out.ipProto, 4);
  t.equal(out.offset, 16);
});

t.test('gre: malformed headers are Zeek\'s GRE weirds', async (t) => {
  const cases: [string, string, string | undefined][] = [
    ['00', 'truncated_GRE', undefined],
    ['0002 0800 00000000', 'unknown_gre_version', 'version=2'],
    ['4000 0800 0000 0000 0000 0000', 'gre_routing', undefined],
    ['0008 0800 0000 0000', 'unknown_gre_flags', undefined],
    ['2001 0800 0000 0000', 'egre_protocol_type', 'proto=2048'],
    ['2001 880b 0000 0000 ff03 c021', 'non_ip_packet_in_encap', undefined],
    ['0000 6558 0000', 'truncated_GRE', undefined],
    ['a000 0800 0000', 'truncated_GRE', undefined],
  ];
  for (const [bytes, weird, addl] of cases) {
    const pkt = hex(bytes);
    const out = payload();
    t.equal(parseGre(pkt, 0, pkt.length, out, { version: 0 }), weird, bytes);
    t.equal(out.addl, addl, `${bytes} addl`);
  }
});

t.test('inner IP check: version, and a payload that fills the tunnel exactly', async (t) => {
  t.equal(checkInnerIp(inner4, 0, inner4.length, 4), 'ok');
  t.equal(checkInnerIp(inner6, 0, inner6.length, 41), 'ok');
  t.equal(checkInnerIp(inner6, 0, inner6.length, 4), 'bad_protocol');
  t.equal(checkInnerIp(inner4, 0, inner4.length - 1, 4), 'too_small');
  t.equal(checkInnerIp(Buffer.concat([inner4, hex('00')]), 0, inner4.length + 1, 4), 'too_large');
});

t.test('vxlan: the I flag is required, an empty payload is a weird after confirmation',
  async (t) => {
  const frame = Buffer.concat([Buffer.alloc(12), hex('0800'), inner4]);
  // flags 0x08 (VNI valid) | VNI 123
  const good = Buffer.concat([hex('0800 0000 | 0000 7b00'), frame]);
  let out = payload();
  t.ok(parseVxlan(good, 0, good.length, out));
  t.ok(out.confirm);
  t.equal(out.link, InnerLink.Ethernet);
  t.equal(out.offset, 8);

  out = payload();
  t.notOk(parseVxlan(hex('0000 0000 0000 7b00 0000'), 0, 10, out));
  t.equal(out.violation, "VXLAN 'I' flag not set");

  out = payload();
  t.notOk(parseVxlan(hex('0800 0000 0000 7b00'), 0, 8, out));
  t.ok(out.confirm);
  t.equal(out.weird, 'vxlan_empty_packet');
});

t.test('geneve: options are skipped; a wrong version is a weird, not a violation', async (t) => {
  // version 0, 1 option word | protocol 0x6558 | VNI | option class, type, length 0
  const frame = Buffer.concat([Buffer.alloc(12), hex('86dd'), inner6]);
  const pkt = Buffer.concat([hex('0100 6558 | 0000 0100 | 0102 0300'), frame]);
  let out = payload();
  t.ok(parseGeneve(pkt, 0, pkt.length, out));
  t.equal(out.offset, 12);
  t.equal(out.link, InnerLink.Ethernet);

  out = payload();
  t.notOk(parseGeneve(hex('4000 6558 0000 0100 00'), 0, 9, out));
  t.equal(out.weird, 'geneve_invalid_version');
  t.equal(out.addl, '1');
  t.equal(out.violation, undefined);

  out = payload();
  t.notOk(parseGeneve(hex('0200 6558 0000 0100 00'), 0, 9, out));
  t.equal(out.violation, 'Geneve option header truncation');
});

t.test('ayiya: identity and signature lengths come from the header', async (t) => {
  // identity 2^1 = 2 bytes | signature 5 words (SHA-1), hash 2 | auth 1, opcode 1 (forward)
  // | next header 41 | epoch | identity | 20-byte signature
  const pkt = Buffer.concat([hex('10 52 11 29 | 0000 0000 | abcd'), Buffer.alloc(20), inner6]);
  t.ok(looksLikeAyiya(pkt, 0, pkt.length));
  const out = payload();
  t.ok(parseAyiya(pkt, 0, pkt.length, out));
  t.equal(out.offset, 30);
  t.ok(out.confirm);

  const echo = Buffer.concat([hex('1052 1229 0000 0000 abcd'), Buffer.alloc(20)]);
  t.notOk(parseAyiya(echo, 0, echo.length, payload()), 'only forward messages carry a packet');
  const short = payload();
  t.notOk(parseAyiya(hex('f052 1129 0000 0000'), 0, 8, short));
  t.equal(short.violation, 'Truncated AYIYA');
});

t.test('teredo: authentication and origin indication precede the IPv6 packet', async (t) => {
  // auth: tag 0001, id len 0, auth len 0, nonce (8), confirmation (1) |
  // origin indication: tag 0000, port, address
  const pkt = Buffer.concat([hex('0001 0000 | 1122334455667788 | 00 | 0000 f12a b9c8 2815'),
    inner6]);
  const out = payload();
  t.ok(parseTeredo(pkt, 0, pkt.length, out));
  t.equal(out.offset, 21);
  t.ok(looksLikeTeredo(pkt, 0, pkt.length));
});

t.test('teredo: bad encapsulations are violations, truncation weirds wait for confirmation',
  async (t) => {
    let out = payload();
    t.notOk(parseTeredo(hex('0000 1234'), 0, 4, out));
    t.equal(out.violation, 'Bad Teredo encapsulation');
    t.equal(out.weird, 'truncated_Teredo_origin_indication');
    t.equal(out.weirdScope, 'connIfConfirmed');

    out = payload();
    const cut = inner6.subarray(0, inner6.length - 1);
    t.notOk(parseTeredo(cut, 0, cut.length, out));
    t.equal(out.violation, 'Truncated Teredo or invalid inner IP version');

    // A bubble (no next header, no payload) followed by stray bytes.
    const bubble = ipv6({ next: 59, payload: Buffer.alloc(0) });
    out = payload();
    t.ok(parseTeredo(Buffer.concat([bubble, hex('0000')]), 0, bubble.length + 2, out));
    t.equal(out.weird, 'Teredo_bubble_with_payload');
    t.equal(out.weirdScope, 'conn');
  });

t.test('teredo: content detection needs a Teredo address or Teredo headers', async (t) => {
  const teredoSrc = ipv6({ src: '2001:0:4137:9e50::1', next: 17, payload: udp(1, 2) });
  t.ok(looksLikeTeredo(teredoSrc, 0, teredoSrc.length));
  t.notOk(looksLikeTeredo(inner6, 0, inner6.length), 'plain IPv6 between other addresses');
  t.notOk(looksLikeTeredo(inner4, 0, inner4.length));
});

t.test('gtpv1: a G-PDU with an extension header carries the IP packet after it', async (t) => {
  // flags 0x34 (version 1, PT, E) | type 255 | length | TEID | seq 0, N-PDU 0,
  // next ext 0x85 | ext: length 1, contents 2 bytes, next type 0
  const pkt = Buffer.concat([hex('34ff 0000 | 0000 0001 | 0000 0085 | 01 aabb 00'), inner4]);
  const out = payload();
  t.ok(parseGtpv1(pkt, 0, pkt.length, out));
  t.equal(out.offset, 16);
  t.equal(out.length, inner4.length);
});

t.test('gtpv1: control messages carry nothing; bad versions and payloads are violations',
  async (t) => {
    const echo = hex('3201 0004 0000 0000 0001 0000');
    const quiet = payload();
    t.notOk(parseGtpv1(echo, 0, echo.length, quiet));
    t.equal(quiet.violation, undefined);

    const cases: [Buffer, string][] = [
      [Buffer.concat([hex('50ff 0000 0000 0001'), inner4]), 'GTPv1 bad Version'],
      [Buffer.concat([hex('30ff 0000 0000 0001'), Buffer.alloc(20)]), 'non-IP packet in GTPv1'],
      [Buffer.concat([hex('30ff 0000 0000 0001'), inner4.subarray(0, 25)]), 'Truncated GTPv1'],
      [Buffer.concat([hex('30ff 0000 0000 0001'), inner4, hex('00')]), 'GTPv1 payload length'],
      [hex('34ff 0000 0000 0001 0000 0085 00'), 'Binpac exception: out of bound'],
    ];
    for (const [pkt, violation] of cases) {
      const out = payload();
      t.notOk(parseGtpv1(pkt, 0, pkt.length, out));
      t.equal(out.violation, violation);
    }
  });

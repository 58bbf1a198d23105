import t from 'tap';

import { DnsCursor } from '../../../src/analyzers/dns/dns-cursor.js';
import { DnsNameReader } from '../../../src/analyzers/dns/dns-name.js';
import { hex } from './dns-test-context.js';

function reader(maxDepth = 20, longLabels = false) {
  const weirds: string[] = [];
  const addls: (string | undefined)[] = [];
  const names = new DnsNameReader({
    weird: (name, addl) => { weirds.push(name); addls.push(addl); },
    limitReached: (name, value) => { weirds.push(name); addls.push(`${value}`); },
  }, maxDepth, () => longLabels);
  return { names, weirds, addls };
}

function readAt(names: DnsNameReader, msg: Uint8Array, pos: number, downcase = false) {
  const cur = new DnsCursor(msg, pos, msg.length);
  return { name: names.read(cur, downcase), cur };
}

// 00: 03 'WWW' 07 'Example' 03 'com' 00      (17 bytes)
// 17: 04 'Mail' c0 04                        -> "Mail" + pointer to "Example.com"
const COMPRESSED = hex('03575757 074578616d706c65 03636f6d 00  044d61696c c004');

t.test('dns name: a pointer continues the name at an earlier offset, lower-cased there',
  async (t) => {
    const { names, weirds } = reader();
    const { name, cur } = readAt(names, COMPRESSED, 17);
    t.equal(name, 'Mail.example.com');
    t.equal(cur.pos, COMPRESSED.length, 'the cursor ends after the pointer');
    t.same(weirds, []);
  });

t.test('dns name: downcase lower-cases the labels before the pointer too', async (t) => {
  const { names } = reader();
  t.equal(readAt(names, COMPRESSED, 17, true).name, 'mail.example.com');
  t.equal(readAt(names, COMPRESSED, 0, false).name, 'WWW.Example.com', 'no trailing dot');
});

t.test('dns name: a pointer to itself is a forward pointer, so a loop cannot start',
  async (t) => {
    // 00: c0 00
    const { names, weirds } = reader();
    t.equal(readAt(names, hex('c000'), 0).name, undefined);
    t.same(weirds, ['DNS_label_forward_compress_offset']);
  });

t.test('dns name: a pointer to a later offset fails the name with a weird', async (t) => {
  // 00: 01 'a' c0 05   05: 01 'b' 00
  const { names, weirds } = reader();
  t.equal(readAt(names, hex('0161c005 016200'), 0).name, undefined);
  t.same(weirds, ['DNS_label_forward_compress_offset']);
});

t.test('dns name: a pointer chain deeper than the limit stops there and keeps the name read',
  async (t) => {
    // 00: 01 'a' 00   03: c0 00   05: 01 'b' c0 03   -> b -> (ptr) -> (ptr) -> a
    const msg = hex('016100 c000 0162c003');
    const deep = reader(1);
    t.equal(readAt(deep.names, msg, 5).name, 'b');
    t.same(deep.weirds, ['DNS_max_compression_chain_depth_exceeded']);
    t.same(deep.addls, ['2'], 'addl carries the depth reached');

    const enough = reader(2);
    t.equal(readAt(enough.names, msg, 5).name, 'b.a');
    t.same(enough.weirds, []);
  });

t.test('dns name: a label longer than the message is a weird and consumes the rest',
  async (t) => {
    // 00: 05 'ab' (3 of 5 bytes missing)
    const { names, weirds } = reader();
    const { name, cur } = readAt(names, hex('056162'), 0);
    t.equal(name, undefined);
    t.equal(cur.remaining, 0);
    t.same(weirds, ['DNS_label_len_gt_pkt']);
  });

t.test('dns name: labels over 63 bytes fail, except on NetBIOS name service', async (t) => {
  const msg = new Uint8Array(1 + 64 + 1);
  msg[0] = 64;
  msg.fill(0x61, 1, 65);
  const dns = reader();
  t.equal(readAt(dns.names, msg, 0).name, undefined);
  t.same(dns.weirds, ['DNS_label_too_long']);
  t.equal(readAt(reader(20, true).names, msg, 0).name, 'a'.repeat(64));
});

t.test('dns name: a name without its terminating zero is invalid', async (t) => {
  const { names, weirds } = reader();
  t.equal(readAt(names, hex('0161'), 0).name, undefined);
  t.same(weirds, ['dns_invalid_name']);
});

t.test('dns name: the root name is empty', async (t) => {
  t.equal(readAt(reader().names, hex('00'), 0).name, '');
});

import t from 'tap';

import { DHCP_ANALYZER } from '../../src/analyzers/dhcp/dhcp-analyzer.js';
import type { DhcpInfo } from '../../src/analyzers/dhcp/dhcp-info.js';
import { DhcpTransactions } from '../../src/analyzers/dhcp/dhcp-transactions.js';
import { parseDhcp } from '../../src/analyzers/dhcp/dhcp-parser.js';
import { collect, connection, harness, hex } from './context-harness.js';

/** A BOOTP header: op, htype 1, hlen 6, xid, chaddr 90:b1:1c:99:49:29; the rest zero. */
function header(op: number, xid: number, yiaddr = [0, 0, 0, 0]): number[] {
  const h = new Array<number>(236).fill(0);
  h[0] = op;
  h[1] = 1;
  h[2] = 6;
  h.splice(4, 4, (xid >>> 24) & 255, (xid >>> 16) & 255, (xid >>> 8) & 255, xid & 255);
  h.splice(16, 4, ...yiaddr);
  h.splice(28, 6, 0x90, 0xb1, 0x1c, 0x99, 0x49, 0x29);
  return h;
}

/**
 * Options of a DISCOVER, after the cookie 63 82 53 63:
 *   35 01 01                  message type 1 (DISCOVER)
 *   3d 07 01 90b11c994929     client id: Ethernet, 90:b1:1c:99:49:29
 *   0c 05 6274657374          host name "btest"
 *   00                        pad
 *   ff                        end
 */
const DISCOVER_OPTIONS = hex('63825363 350101 3d070190b11c994929 0c056274657374 00 ff');

function message(head: number[], options: Uint8Array): Uint8Array {
  return Uint8Array.from([...head, ...options]);
}

const flow = () => ({ relaySumLength: 0 });

t.test('dhcp: a DISCOVER parses into its header fields and options', (t) => {
  const r = parseDhcp(message(header(1, 0x1234), DISCOVER_OPTIONS), flow());
  t.ok(r.ok);
  if (!r.ok) return t.end();
  t.equal(r.message.mType, 1);
  t.equal(r.message.xid, 0x1234);
  t.equal(r.message.chaddr, '90:b1:1c:99:49:29');
  t.same(r.options.options, [53, 61, 12, 0]);
  t.same(r.options.clientId, { hwtype: 1, hwaddr: '90:b1:1c:99:49:29' });
  t.equal(Buffer.from(r.options.hostName!).toString(), 'btest');
  t.end();
});

t.test('dhcp: options without an end option are a violation and raise nothing', (t) => {
  const h = harness(DHCP_ANALYZER, connection('udp', '0.0.0.0', 68, '255.255.255.255', 67));
  const seen = collect(h, 'dhcp_message');
  const noEnd = DISCOVER_OPTIONS.subarray(0, DISCOVER_OPTIONS.length - 1);
  const truncated = message(header(1, 7), noEnd);
  t.doesNotThrow(() => h.analyzer.deliverPacket!(true, truncated));
  t.equal(seen.length, 0);
  t.same(h.violations, ['truncated DHCP message']);
  t.end();
});

t.test('dhcp: an option whose length runs past the datagram is a violation', (t) => {
  const r = parseDhcp(message(header(1, 7), hex('63825363 350101 0cff 6162')), flow());
  t.notOk(r.ok);
  t.end();
});

t.test('dhcp: a client id with length 0 cannot be read and rejects the message', (t) => {
  const r = parseDhcp(message(header(1, 7), hex('63825363 350101 3d00 ff')), flow());
  t.notOk(r.ok);
  t.end();
});

t.test('dhcp: a wrong cookie is a violation naming it', (t) => {
  const r = parseDhcp(message(header(1, 7), hex('01020304 ff')), flow());
  t.same(r, { ok: false, reason: 'bad cookie (16909060)' });
  t.end();
});

t.test('dhcp: messages of one transaction id merge into one row across connections', (t) => {
  const rows: unknown[] = [];
  const write = (info: DhcpInfo, withChaddr: boolean) => void rows.push(info.record(withChaddr));
  const tx = new DhcpTransactions(write, () => {});
  const client = connection('udp', '0.0.0.0', 68, '255.255.255.255', 67);
  const server = connection('udp', '10.0.0.1', 67, '255.255.255.255', 68);
  const discover = parseDhcp(message(header(1, 9), DISCOVER_OPTIONS), flow());
  const offerOptions = hex('63825363 350102 33040000012c ff');
  const offer = parseDhcp(message(header(2, 9, [10, 0, 0, 5]), offerOptions), flow());
  if (!discover.ok || !offer.ok) return t.fail('crafted messages parse');

  tx.get(9, 100).absorb(client, true, discover.message, discover.options, 100);
  tx.get(9, 101).absorb(server, true, offer.message, offer.options, 101);
  t.equal(rows.length, 0, 'nothing written while the transaction is fresh');
  tx.get(10, 120);
  t.equal(rows.length, 1, 'written once quiet for more than 5 s past its first 10 s');
  t.match(rows[0], {
    msg_types: ['DISCOVER', 'OFFER'], mac: '90:b1:1c:99:49:29', server_addr: '10.0.0.1',
    assigned_addr: '10.0.0.5', client_addr: '10.0.0.5', lease_time: 300, duration: 1,
  });
  t.equal((rows[0] as { uids: string[] }).uids.length, 1, 'same uid counted once');
  tx.flush();
  t.equal(rows.length, 2, 'the end of input writes what is left');
  t.end();
});

t.test('dhcp: the tracked-transaction limit writes the oldest early and reports it', (t) => {
  const rows: unknown[] = [];
  const held: number[] = [];
  const tx = new DhcpTransactions((info) => void rows.push(info), (n) => void held.push(n), {
    createExpire: 10, idle: 5, maxWatch: 30, maxTracked: 2, maxUids: 10, maxMsgTypes: 50,
  });
  tx.get(1, 0);
  tx.get(2, 0);
  tx.get(3, 0);
  t.same(held, [2]);
  t.equal(rows.length, 1);
  t.end();
});

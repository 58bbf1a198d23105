import t from 'tap';

import { AddressSlab } from '../../src/stages/address-slab.js';
import { UidGenerator } from '../../src/stages/conn-uid.js';
import { Connection } from '../../src/stages/connection.js';
import { ConnectionTable } from '../../src/stages/connection-table.js';

const addr = (...b: number[]) => Uint8Array.from(b);

/** A UDP connection from 10.0.0.a:sport to 10.0.0.b:dport, filed under `hash`. */
function conn(a: number, sport: number, b: number, dport: number, hash: number): Connection {
  return new Connection(`C${a}-${sport}`, addr(10, 0, 0, a), sport, addr(10, 0, 0, b), dport,
    'udp', 17, 4, 0, 60, hash);
}

/** Packet bytes holding the source then the destination address (offsets 0 and 4). */
function packet(a: number, b: number): Uint8Array {
  return addr(10, 0, 0, a, 10, 0, 0, b);
}

t.test('connection table: finds a connection either way, among colliding ones', async (t) => {
  const table = new ConnectionTable();
  const first = conn(1, 1000, 2, 53, 7);
  const second = conn(3, 2000, 2, 53, 7);
  table.add(first);
  table.add(second);

  t.equal(table.find(7, packet(1, 2), 0, 4, 4, 1000, 53, 17, false), first);
  t.equal(table.find(7, packet(2, 3), 0, 4, 4, 53, 2000, 17, false), second);
  t.equal(table.find(7, packet(2, 3), 0, 4, 4, 53, 2000, 17, true), undefined);
  t.equal(table.find(7, packet(1, 2), 0, 4, 4, 1000, 53, 6, false), undefined);
  t.equal(table.find(8, packet(1, 2), 0, 4, 4, 1000, 53, 17, false), undefined);
});

t.test('connection table: walks connections in filing order of their hashes', async (t) => {
  const table = new ConnectionTable();
  const a = conn(1, 1, 9, 9, 5);
  const b = conn(2, 2, 9, 9, 3);
  const c = conn(3, 3, 9, 9, 5);
  const d = conn(4, 4, 9, 9, 4);
  [a, b, c, d].forEach((x) => table.add(x));
  t.same(table.all().map((x) => x.uid), [a, c, b, d].map((x) => x.uid));

  table.delete(a);
  table.delete(c);
  table.add(a);
  t.same(table.all().map((x) => x.uid), [b, d, a].map((x) => x.uid));
  t.equal(table.hashes, 3);
});

t.test('connection table: the least recently active is the first of equals', async (t) => {
  const table = new ConnectionTable();
  const xs = [conn(1, 1, 9, 9, 1), conn(2, 2, 9, 9, 2), conn(3, 3, 9, 9, 1)];
  xs.forEach((x, k) => {
    x.lastTime = [5, 3, 3][k];
    table.add(x);
  });
  t.equal(table.leastRecentlyActive(), xs[2]);
  table.delete(xs[2]);
  t.equal(table.leastRecentlyActive(), xs[1]);
  t.equal(new ConnectionTable().leastRecentlyActive(), undefined);
});

t.test('address slab: copies stay as they were when the packet bytes change', async (t) => {
  const slab = new AddressSlab();
  const data = Uint8Array.from({ length: 64 }, (_, k) => k);
  const copies = Array.from({ length: 300 }, (_, k) => slab.copy(data, k % 48, k % 2 ? 16 : 4));
  data.fill(0xff);
  copies.forEach((c, k) => {
    t.same([...c], Array.from({ length: k % 2 ? 16 : 4 }, (_, j) => (k % 48) + j));
  });
});

t.test('uids: a seeded generator gives the same ids as before', async (t) => {
  const ids = new UidGenerator(7);
  t.same([ids.next('F'), ids.next('C'), ids.next('C'), ids.next('F')],
    ['FpBIy24N2omdOcljBe', 'CEaeJd1UUOhQ25jjoi', 'CIu9si14WdIxml6eGe', 'Fc71gK2iCzzdOUOLAb']);
});

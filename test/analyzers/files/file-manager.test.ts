import { mkdtempSync, statSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { DEFAULT_FILE_OPTIONS } from '../../../src/analyzers/files/file-options.js';
import { FileManager } from '../../../src/analyzers/files/file-manager.js';
import type { FileState } from '../../../src/analyzers/files/file-state.js';
import { sniffMimeType } from '../../../src/analyzers/files/mime-signatures.js';
import { EventBus, type CoreEvents } from '../../../src/events/event-bus.js';
import { UidGenerator } from '../../../src/stages/conn-uid.js';
import { Connection } from '../../../src/stages/connection.js';

const conn = () => new Connection('C1', Uint8Array.of(1, 2, 3, 4), 1, Uint8Array.of(5, 6, 7, 8), 80,
  'tcp', 6, 4, 0, 300, 0);

t.test('files: MIME types are sniffed from the first bytes as Zeek names them', async (t) => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  t.equal(sniffMimeType(png), 'image/png');
  t.equal(sniffMimeType(Buffer.from('GIF89a\x01\x00', 'latin1')), 'image/gif');
  t.equal(sniffMimeType(Buffer.from('<!DOCTYPE html><html>')), 'text/html');
  t.equal(sniffMimeType(Buffer.from('bad method\n')), 'text/plain');
  t.equal(sniffMimeType(Buffer.from('short')), undefined, 'text needs 10 characters');
});

t.test('files: events come in Zeek order and hashes cover the whole file', async (t) => {
  const events = new EventBus<CoreEvents>();
  const seen: string[] = [];
  for (const name of ['file_new', 'file_over_new_connection', 'file_sniff', 'file_hash',
    'file_state_remove'] as const) {
    events.on(name, () => seen.push(name));
  }
  const options = { ...DEFAULT_FILE_OPTIONS, hashes: { md5: true, sha1: false, sha256: true } };
  const files = new FileManager(events, new UidGenerator(1), options);
  const h = files.start(conn(), false, 'HTTP', () => 5, { totalBytes: 11 });
  h.data(Buffer.from('hello '));
  h.data(Buffer.from('world'));
  h.end();
  t.same(seen, ['file_new', 'file_over_new_connection', 'file_sniff', 'file_hash', 'file_hash',
    'file_state_remove']);
  t.equal(h.file.hashes.md5, '5eb63bbbe01eeed093cb22bb8f5acdc3');
  t.match(h.file.id, /^F[0-9a-zA-Z]+$/);
  t.same([...h.file.analyzers], ['MD5', 'SHA256']);
});

t.test('files: a gap counts missing bytes and drops the digest', async (t) => {
  const events = new EventBus<CoreEvents>();
  const options = { ...DEFAULT_FILE_OPTIONS, hashes: { md5: true, sha1: false, sha256: false } };
  const h = new FileManager(events, new UidGenerator(1), options).start(conn(), true, 'HTTP', () => 1);
  h.data(Buffer.from('abc'));
  h.gap(10);
  h.end();
  t.equal(h.file.missingBytes, 10);
  t.equal(h.file.hashes.md5, undefined);
});

t.test('files: extraction stops at the size limit and says so', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-extract-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const events = new EventBus<CoreEvents>();
  let removed: FileState | undefined;
  events.on('file_state_remove', (f) => (removed = f));
  const options = { ...DEFAULT_FILE_OPTIONS, extractDir: dir, extractLimitBytes: 4 };
  const h = new FileManager(events, new UidGenerator(1), options).start(conn(), false, 'HTTP', () => 1);
  h.data(Buffer.from('abcdefgh'));
  h.end();
  t.equal(removed?.extractedCutoff, true);
  t.equal(removed?.extractedSize, 4);
  t.equal(readFileSync(path.join(dir, removed!.extracted!), 'utf8'), 'abcd');
});

/** A manager whose files read the network time from `clock.now`. */
function managerWithClock(options: Partial<typeof DEFAULT_FILE_OPTIONS> = {}) {
  const events = new EventBus<CoreEvents>();
  const removed: FileState[] = [];
  const timeouts: string[] = [];
  events.on('file_state_remove', (f) => removed.push(f));
  events.on('file_timeout', (f) => timeouts.push(f.id));
  const clock = { now: 100 };
  const all = { ...DEFAULT_FILE_OPTIONS, ...options };
  const files = new FileManager(events, new UidGenerator(1), all);
  const start = () => files.start(conn(), false, 'HTTP', () => clock.now);
  return { files, clock, removed, timeouts, start };
}

t.test('files: bytes ahead of the stream wait; what is before them counts missing', async (t) => {
  const { start } = managerWithClock();
  const h = start();
  h.setSize(1000);
  h.dataAt(100, Buffer.from('0123456789'));
  t.same([h.file.seenBytes, h.file.missingBytes], [0, 0], 'held until settled');
  h.dataAt(110, Buffer.from('abc'));
  h.end();
  t.same([h.file.seenBytes, h.file.missingBytes, h.file.overflowBytes], [13, 100, 0]);
});

t.test('files: held bytes are delivered once the bytes before them arrive', async (t) => {
  const options = { hashes: { md5: true, sha1: false, sha256: false } };
  const { start } = managerWithClock(options);
  const h = start();
  h.dataAt(6, Buffer.from('world'));
  h.dataAt(0, Buffer.from('hello '));
  h.dataAt(3, Buffer.from('XXXXX'));
  h.end();
  t.same([h.file.seenBytes, h.file.missingBytes], [11, 0]);
  t.equal(h.file.hashes.md5, '5eb63bbbe01eeed093cb22bb8f5acdc3', 'in order, first bytes kept');
});

t.test('files: a gap while bytes are held settles the stream up to its end', async (t) => {
  const { start } = managerWithClock();
  const h = start();
  h.dataAt(50, Buffer.from('xxxxx'));
  h.gap(5, 10);
  t.equal(h.file.missingBytes, 15, 'up to the gap\'s end, not past the held bytes');
  h.dataAt(60, Buffer.from('yyyyy'));
  h.end();
  t.same([h.file.seenBytes, h.file.missingBytes], [10, 55]);
});

t.test('files: past the reassembly buffer, holes are given up as overflow', async (t) => {
  const { start } = managerWithClock({ reassemblyBufferBytes: 8 });
  const h = start();
  h.dataAt(10, Buffer.alloc(5));
  h.dataAt(20, Buffer.alloc(5));
  t.equal(h.file.overflowBytes, 0, 'within the limit');
  h.dataAt(30, Buffer.alloc(5));
  t.same([h.file.overflowBytes, h.file.missingBytes, h.file.seenBytes], [15, 15, 10]);
});

t.test('files: without a reassembly buffer, bytes out of place are overflow', async (t) => {
  const { start } = managerWithClock({ reassemblyBufferBytes: 0 });
  const h = start();
  h.data(Buffer.from('ab'));
  h.dataAt(10, Buffer.from('cd'));
  h.end();
  t.same([h.file.seenBytes, h.file.overflowBytes, h.file.missingBytes], [2, 2, 0]);
});

t.test('files: the stream reaching the announced size ends the file', async (t) => {
  const { start, removed } = managerWithClock();
  const h = start();
  h.setSize(4);
  h.data(Buffer.from('ab'));
  t.equal(removed.length, 0);
  h.data(Buffer.from('cd'));
  t.equal(removed.length, 1);
  t.equal(removed[0].timedout, false);
});

t.test('files: a file idle past the timeout interval times out on network time', async (t) => {
  const { files, clock, removed, timeouts, start } = managerWithClock({ timeoutInterval: 10 });
  const idle = start();
  const busy = start();
  t.equal(files.nextDue, 110);
  clock.now = 105;
  busy.data(Buffer.from('x'));
  idle.data(Buffer.from('y'));
  clock.now = 112;
  busy.data(Buffer.from('x'));
  files.advance(109);
  t.equal(removed.length, 0, 'nothing due yet');
  files.advance(115.5);
  t.same(timeouts, [idle.file.id], 'idle for 10.5 s at its check');
  t.equal(files.nextDue, 125.5, 'the other one was active since: checked an interval later');
  files.advance(125.5);
  t.same(timeouts, [idle.file.id, busy.file.id]);
  t.same(removed.map((f) => [f.timedout, f.duration]), [[true, 5], [true, 12]],
    'duration runs to the last activity, not to the timeout');
  t.equal(files.nextDue, Infinity);
});

t.test('files: at the end of input, files still open time out; ended ones do not', async (t) => {
  const { files, clock, removed, start } = managerWithClock();
  const ended = start();
  const open = start();
  clock.now = 101.5;
  open.gap(3);
  ended.end();
  files.drainAtEnd();
  t.same(removed.map((f) => [f.id, f.timedout]), [[ended.file.id, false], [open.file.id, true]]);
  t.equal(removed[1].duration, 1.5, 'a gap is activity too');
  open.data(Buffer.from('late'));
  t.equal(open.file.seenBytes, 0, 'a timed-out file takes no more bytes');
});

t.test('files: a timeout interval of 0 turns the idle check off', async (t) => {
  const { files, removed, start } = managerWithClock({ timeoutInterval: 0 });
  start();
  t.equal(files.nextDue, Infinity);
  files.advance(1e9);
  t.equal(removed.length, 0);
});

t.test('files: an extracted copy keeps gaps as holes, however large', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-extract-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { start, removed } = managerWithClock({ extractDir: dir, extractLimitBytes: 0 });
  const h = start();
  h.data(Buffer.from('ab'));
  h.gap(3);
  h.data(Buffer.from('cd'));
  h.gap(2);
  h.end();
  t.equal(removed[0].extractedSize, undefined, 'set only when the limit cuts a copy off');
  t.same(readFileSync(path.join(dir, removed[0].extracted!)), Buffer.from('ab\0\0\0cd\0\0'));

  const big = start();
  big.gap(2 ** 40);
  big.data(Buffer.from('z'));
  big.end();
  const copy = statSync(path.join(dir, removed[1].extracted!));
  t.equal(copy.size, 2 ** 40 + 1, 'the byte sits at its offset');
  t.ok(copy.blocks * 512 < 1 << 20, 'no terabyte of zeros written or allocated');
});

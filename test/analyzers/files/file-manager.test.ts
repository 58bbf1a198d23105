import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

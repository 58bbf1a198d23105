import { createHash } from 'node:crypto';

import t from 'tap';

import { FileManager } from '../../../src/analyzers/files/file-manager.js';
import { DEFAULT_FILE_OPTIONS } from '../../../src/analyzers/files/file-options.js';
import { bindFileManager } from '../../../src/analyzers/files/file-service.js';
import type { FileState } from '../../../src/analyzers/files/file-state.js';
import { FTP_DATA_ANALYZER } from '../../../src/analyzers/ftp/ftp-data-analyzer.js';
import { ExpectedChannels } from '../../../src/analyzers/ftp/ftp-expected-channels.js';
import { UidGenerator } from '../../../src/stages/conn-uid.js';
import { collect, connection, harness } from '../context-harness.js';

/** An FTP_DATA analyzer on a passive data connection, with the files framework bound. */
function dataHarness() {
  const h = harness(FTP_DATA_ANALYZER, connection('tcp', '10.0.0.2', 40000, '10.0.0.1', 50000));
  const options = { ...DEFAULT_FILE_OPTIONS, hashes: { md5: true, sha1: false, sha256: false } };
  bindFileManager(h.events, new FileManager(h.events, new UidGenerator(1), options));
  const ended: FileState[] = [];
  h.events.on('file_state_remove', (f) => void ended.push(f));
  return { h, ended, transferred: collect(h, 'file_transferred') };
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

t.test('ftp-data: each direction is one file, ended when the connection is removed', async (t) => {
  const { h, ended } = dataHarness();
  const upload = Buffer.from('uploaded by the client\n');
  const listing = Buffer.from('-rw-r--r-- 1 owner group 238 Jan 01 00:00 readme.txt\r\n');
  h.analyzer.deliverStream!(true, upload.subarray(0, 8));
  h.analyzer.deliverStream!(false, listing);
  h.analyzer.deliverStream!(true, upload.subarray(8));
  h.analyzer.endOfData?.(true);
  h.analyzer.endOfData?.(false);
  t.same(ended, [], 'FIN does not end the files, as Zeek ends them at the analyzer\'s Done');

  h.analyzer.done!();
  t.same(ended.map((f) => [f.source, f.isOrig, f.seenBytes, f.hashes.md5, f.mimeType]), [
    ['FTP_DATA', true, upload.length, md5(upload), 'text/plain'],
    ['FTP_DATA', false, listing.length, md5(listing), 'text/plain'],
  ], 'the originator\'s file ends first');
});

t.test('ftp-data: the first 1024 bytes are identified once, as soon as they arrived', async (t) => {
  const { h, transferred } = dataHarness();
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    Buffer.alloc(2000, 7)]);
  h.analyzer.deliverStream!(false, png.subarray(0, 1000));
  t.equal(transferred.length, 0, 'not before 1024 bytes');
  h.analyzer.deliverStream!(false, png.subarray(1000));
  t.same(transferred.map(([, prefix, descr, mime]) => [prefix.length, descr, mime]),
    [[1024, '<unknown>', 'image/png']]);
  h.analyzer.done!();
  t.equal(transferred.length, 1, 'not again at removal');
});

t.test('ftp-data: a short transfer is identified at removal, an empty one never', async (t) => {
  const short = dataHarness();
  short.h.analyzer.deliverStream!(false, Buffer.from('\x00\x01\x02\x03', 'latin1'));
  short.h.analyzer.endOfData?.(false);
  t.equal(short.transferred.length, 0);
  short.h.analyzer.done!();
  t.same(short.transferred.map(([, , , mime]) => mime), ['<unknown>'], 'no signature matched');

  const empty = dataHarness();
  empty.h.analyzer.done!();
  t.same([empty.transferred.length, empty.ended.length], [0, 0], 'no bytes, no file');
});

t.test('ftp-data: a channel matched before analysis started keeps its expiry', async (t) => {
  const channels = new ExpectedChannels<string>(10, 300);
  const channel = { passive: true, origH: '10.0.0.2', respH: '10.0.0.1', respP: 50000 };
  t.ok(channels.add(channel, 'session', 1000));
  // A new connection seen without a packet time of its own must not age the entry.
  t.equal(channels.match('10.0.0.2', '10.0.0.1', 50000, 1), channel);
  t.equal(channels.sessionAt('10.0.0.1', 50000, 1100), 'session');
  t.equal(channels.match('10.0.0.9', '10.0.0.1', 50000, 1100), undefined, 'another client');
  t.equal(channels.sessionAt('10.0.0.1', 50000, 1401), undefined, 'gone 300 s after last use');
});

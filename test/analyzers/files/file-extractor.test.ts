import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t, { type Test } from 'tap';

import { ExtractDescriptors } from '../../../src/analyzers/files/extract-descriptors.js';
import {
  FileExtractor,
  type ExtractionError,
} from '../../../src/analyzers/files/file-extractor.js';
import { DEFAULT_FILE_OPTIONS } from '../../../src/analyzers/files/file-options.js';
import { FileManager } from '../../../src/analyzers/files/file-manager.js';
import { FileState } from '../../../src/analyzers/files/file-state.js';
import { EventBus, type CoreEvents } from '../../../src/events/event-bus.js';
import { UidGenerator } from '../../../src/stages/conn-uid.js';
import { Connection } from '../../../src/stages/connection.js';

const conn = () =>
  new Connection(
    'C1',
    Uint8Array.of(1, 2, 3, 4),
    1,
    Uint8Array.of(5, 6, 7, 8),
    80,
    'tcp',
    6,
    4,
    0,
    300,
    0,
  );

function tempDir(t: Test): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelog-extract-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const openDescriptors = () => readdirSync('/proc/self/fd').length;

t.test('extraction: descriptors stay bounded however many files are open', async (t) => {
  const dir = tempDir(t);
  const events = new EventBus<CoreEvents>();
  const errors: ExtractionError[] = [];
  events.on('file_extraction_error', (_f, e) => errors.push(e));
  const options = { ...DEFAULT_FILE_OPTIONS, extractDir: dir };
  const files = new FileManager(events, new UidGenerator(1), options);
  const before = openDescriptors();
  const handles = [];
  for (let i = 0; i < 2000; i++) {
    const h = files.start(conn(), false, 'HTTP', () => 1);
    h.data(Buffer.from(`file ${i} `));
    handles.push(h);
  }
  t.ok(openDescriptors() - before <= 40, `${openDescriptors() - before} descriptors more`);
  // The first files were closed to make room: their next bytes land after the first ones.
  for (const h of handles) h.data(Buffer.from('end'));
  for (const h of handles) h.end();
  t.same(errors, []);
  t.ok(openDescriptors() - before <= 0, 'all closed at the end');
  for (const i of [0, 1, 999, 1999]) {
    const f = handles[i].file;
    t.equal(readFileSync(path.join(dir, f.extracted!), 'utf8'), `file ${i} end`);
    t.equal(f.extractedSize, undefined, 'extracted_size is for a copy the limit cut off');
  }
});

t.test('extraction: an unusable folder is an error, the file goes on without a copy', async (t) => {
  const dir = tempDir(t);
  const plain = path.join(dir, 'plain');
  writeFileSync(plain, 'not a folder');
  const events = new EventBus<CoreEvents>();
  const errors: ExtractionError[] = [];
  events.on('file_extraction_error', (_f, e) => errors.push(e));
  const options = { ...DEFAULT_FILE_OPTIONS, extractDir: path.join(plain, 'sub') };
  const h = new FileManager(events, new UidGenerator(1), options).start(
    conn(),
    false,
    'HTTP',
    () => 1,
  );
  h.data(Buffer.from('abc'));
  h.end();
  t.same(
    errors.map((e) => [e.operation, e.code]),
    [['open', 'ENOTDIR']],
  );
  t.equal(h.file.seenBytes, 3);
  t.match(h.file.extracted, /^extract-/, 'named, as Zeek names it before opening');
  t.equal(h.file.extractedSize, undefined, 'no size: the limit did not cut it off');
});

/** Descriptors that turn read-only after `good` opens: writes then fail with EBADF. */
class FailingDescriptors extends ExtractDescriptors {
  opened = 0;
  constructor(private readonly good: number) {
    super(1);
  }

  override get(p: string, create = false): number {
    if (++this.opened <= this.good) return super.get(p, create);
    this.release(p);
    const fd = openSync(p, 'r');
    this.fds.push(fd);
    return fd;
  }

  readonly fds: number[] = [];
}

t.test(
  'extraction: a failed write stops extraction; the copy keeps what reached the disk',
  async (t) => {
    const dir = tempDir(t);
    const file = new FileState('Fx', 'HTTP', 1);
    const errors: ExtractionError[] = [];
    const descriptors = new FailingDescriptors(2);
    t.teardown(() => descriptors.fds.forEach((fd) => closeSync(fd)));
    const x = new FileExtractor(file, dir, 0, descriptors, (e) => errors.push(e));
    x.write(Buffer.from('abcd'));
    x.skip(100);
    x.write(Buffer.from('efgh'));
    x.write(Buffer.from('ijkl'));
    x.close();
    t.same(
      errors.map((e) => [e.operation, e.code]),
      [['write', 'EBADF']],
      'reported once',
    );
    t.equal(file.extractedSize, undefined, 'no size: the limit did not cut it off');
    t.equal(statSync(path.join(dir, file.extracted!)).size, 4, 'not the hole, nor the failed bytes');
  },
);

t.test(
  'extraction: a hole past the limit stops it without growing the copy (as Zeek)',
  async (t) => {
    const dir = tempDir(t);
    const events = new EventBus<CoreEvents>();
    const h = new FileManager(events, new UidGenerator(1), {
      ...DEFAULT_FILE_OPTIONS,
      extractDir: dir,
    }).start(conn(), false, 'HTTP', () => 1);
    h.data(Buffer.from('head'));
    h.dataAt(2 ** 40, Buffer.from('tail'));
    h.end();
    t.equal(h.file.extractedCutoff, true);
    t.equal(h.file.extractedSize, DEFAULT_FILE_OPTIONS.extractLimitBytes);
    t.equal(statSync(path.join(dir, h.file.extracted!)).size, 4, 'no 100 MB of zeros');
  },
);

t.test('files: bytes at offsets past 2^53 are overflow', async (t) => {
  const events = new EventBus<CoreEvents>();
  const h = new FileManager(events, new UidGenerator(1), DEFAULT_FILE_OPTIONS).start(
    conn(),
    false,
    'HTTP',
    () => 1,
  );
  h.dataAt(2 ** 53 - 10, new Uint8Array(20));
  h.dataAt(2 ** 53, new Uint8Array(1));
  h.end();
  t.equal(h.file.overflowBytes, 21);
});

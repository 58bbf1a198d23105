import { createHash } from 'node:crypto';

import t from 'tap';

import { parseContentRange } from '../../../src/analyzers/http/http-content-range.js';
import { httpHarness } from './http-harness.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

const parse = (value: string) => parseContentRange(Buffer.from(value, 'latin1'));

t.test('content-range: first, length and complete length of a byte range', async (t) => {
  t.same(parse('bytes 1190472-1246791/14740086'), {
    range: { first: 1190472, length: 56320, instanceLength: 14740086 },
  });
  t.same(parse('bytes 0-0/*'), { range: { first: 0, length: 1, instanceLength: -1 } },
    'an unknown complete length stays unknown');
  t.same(parse('bytes  10 - 19 / 100').range, { first: 10, length: 10, instanceLength: 100 },
    'blanks inside the range are dropped');
  t.same(parse('bytes 5-9x/20').range, { first: 5, length: 5, instanceLength: 20 },
    'numbers are read as prefixes, like from_chars');
});

t.test('content-range: malformed values get Zeek\'s weirds and no range', async (t) => {
  const weird = (v: string) => {
    const r = parse(v);
    return [r.range === undefined, r.weird?.name, r.weird?.addl];
  };
  t.same(weird(''), [true, 'HTTP_content_range_unknown_byte_unit', undefined]);
  t.same(weird('Bytes 0-1/2'), [true, 'HTTP_content_range_unknown_byte_unit', undefined]);
  t.same(weird('items 0-1/2'), [true, 'HTTP_content_range_unknown_byte_unit', undefined]);
  t.same(weird('bytes 0-1'), [true, 'HTTP_content_range_cannot_parse', undefined]);
  t.same(weird('bytes 01/2-3'), [true, 'HTTP_content_range_cannot_parse', undefined],
    'the dash must come before the slash');
  t.same(weird('bytes x-1/2'), [true, 'HTTP_content_range_cannot_parse', 'x-1/2']);
  t.same(weird('bytes 1-/2'), [true, 'HTTP_content_range_cannot_parse', '1-/2']);
  t.same(weird('bytes 1-99999999999999999999/2'),
    [true, 'HTTP_content_range_cannot_parse', '1-99999999999999999999/2'], 'int64 overflow');
  t.same(weird('bytes 5--3/10'), [true, 'HTTP_content_range_invalid', '5--3/10']);
  t.same(weird('bytes 9-5/10'), [true, 'HTTP_non_positive_content_range', '9-5/10']);
  t.same(weird('bytes 0-9223372036854775807/*'),
    [true, 'HTTP_content_range_overflow', '0-9223372036854775807/*']);
});

t.test('content-range: an unreadable complete length keeps the range, size 0', async (t) => {
  const r = parse('bytes 0-9/abc');
  t.same(r.range, { first: 0, length: 10, instanceLength: 0 });
  t.same(r.weird, { name: 'HTTP_content_range_invalid_instance', addl: '0-9/abc' });
});

t.test('http: a 206 body lands at its range offset in a file of the complete size', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /v HTTP/1.1\r\nHost: x\r\nRange: bytes=100-109\r\n\r\n');
  h.send(false, 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-109/1000\r\n' +
    'Content-Length: 10\r\n\r\n0123456789');
  h.close();
  t.equal(h.rows('files').length, 0, 'the file outlives the connection: more ranges may come');
  h.files.drainAtEnd();
  const [f] = h.rows('files');
  t.equal(f.seen_bytes, 10);
  t.equal(f.total_bytes, 1000);
  t.equal(f.missing_bytes, 100, 'bytes before the range were never seen');
  t.equal(f.timedout, true);
  t.equal(h.rows('http')[0].response_body_len, 10);
});

t.test('http: a gap inside a 206 body keeps later bytes at their offsets', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /v HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(false, 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 50-69/70\r\n' +
    'Content-Length: 20\r\n\r\n01234');
  h.analyzer.gap(false, 5);
  h.send(false, '0123456789');
  h.close();
  h.files.drainAtEnd();
  const [f] = h.rows('files');
  t.equal(f.seen_bytes, 15);
  t.equal(f.missing_bytes, 55, 'the 50 bytes before the range and the 5 inside it');
  t.equal(f.timedout, true, 'held bytes settle only when the file ends');
});

t.test('http: a range that completes the file ends it at once, not by timeout', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /v HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(false, 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/10\r\n' +
    'Content-Length: 10\r\n\r\n0123456789');
  t.equal(h.rows('files').length, 1, 'logged before the connection ends');
  const [f] = h.rows('files');
  t.same([f.seen_bytes, f.total_bytes, f.missing_bytes, f.timedout], [10, 10, 0, false]);
});

t.test('http: Content-Length and Content-Range disagree: the larger frames the body', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /v HTTP/1.1\r\nHost: x\r\n\r\nGET /w HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(false, 'HTTP/1.1 206 Partial Content\r\nContent-Length: 4\r\n' +
    'Content-Range: bytes 0-7/8\r\n\r\n01234567');
  h.send(false, 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA');
  h.close();
  t.same(h.weirds.map((w) => w.name), ['HTTP_range_not_matching_len']);
  t.same(h.rows('http').map((r) => r.response_body_len), [8, 1]);
});

t.test('http: a malformed Content-Range is a weird; the body is still read', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /v HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(false, 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 9-1/10\r\n' +
    'Content-Length: 3\r\n\r\nabc');
  h.close();
  h.files.drainAtEnd();
  t.same(h.weirds.map((w) => [w.name, w.addl]), [['HTTP_non_positive_content_range', '9-1/10']]);
  const [f] = h.rows('files');
  t.equal(f.seen_bytes, 3);
  t.equal(f.missing_bytes, 0);
  t.equal(f.total_bytes, 3, 'Content-Length sizes the file when there is no range');
});

t.test('http: Content-Range on a reply other than 206 is ignored', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /v HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(false, 'HTTP/1.1 200 OK\r\nContent-Range: bytes 100-102/1000\r\n' +
    'Content-Length: 3\r\n\r\nabc');
  h.close();
  const [f] = h.rows('files');
  t.same([f.missing_bytes, f.total_bytes, f.timedout], [0, 3, false]);
});

/** A 206 reply carrying bytes `first`-`last` of a 30-byte resource (`ABC...` by offset). */
function rangeReply(first: number, last: number): string {
  const all = 'abcdefghijklmnopqrstuvwxyz0123';
  return `HTTP/1.1 206 Partial Content\r\nContent-Range: bytes ${first}-${last}/30\r\n` +
    `Content-Length: ${last - first + 1}\r\n\r\n${all.slice(first, last + 1)}`;
}

t.test('http: with a Range request, the replies of one URL are one file, as Zeek', async (t) => {
  const h = httpHarness({}, { hashes: { md5: true, sha1: false, sha256: false } });
  const other = h.another(40001);
  h.send(true, 'GET /big HTTP/1.1\r\nHost: x\r\nRange: bytes=10-19\r\n\r\n');
  h.send(false, rangeReply(10, 19));
  h.send(true, 'GET /big HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n');
  h.send(false, rangeReply(0, 9));
  // The last range comes over another connection of the same client.
  other.send(true, 'GET /big HTTP/1.1\r\nHost: x\r\nRange: bytes=20-29\r\n\r\n');
  other.send(false, rangeReply(20, 29));
  h.close();
  other.close();
  h.files.drainAtEnd();

  const files = h.rows('files');
  t.same(files.map((f) => f.uid), ['CtestUid', 'Ctest40001'], 'one file over two connections');
  t.equal(new Set(files.map((f) => f.fuid)).size, 1);
  const [f] = files;
  t.same([f.seen_bytes, f.missing_bytes, f.total_bytes, f.timedout], [30, 0, 30, false],
    'complete once the ranges cover it');
  t.equal(f.md5, md5('abcdefghijklmnopqrstuvwxyz0123'));
  const http = h.rows('http');
  t.same(http.map((r) => r.resp_fuids), [[f.fuid], undefined, [f.fuid]],
    'listed where the file met a connection first (file_over_new_connection)');
});

t.test('http: without a Range request, each 206 reply is a file of its own', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /big HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(false, rangeReply(10, 19));
  h.send(true, 'GET /big HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(false, rangeReply(0, 9));
  h.close();
  h.files.drainAtEnd();
  const files = h.rows('files');
  t.equal(new Set(files.map((f) => f.fuid)).size, 2);
  t.same(files.map((f) => [f.seen_bytes, f.missing_bytes, f.timedout]),
    [[10, 10, true], [10, 0, true]], 'neither completes: both end at the end of input');
});

t.test('http: Range files of different URLs or clients stay apart', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /a HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n');
  h.send(false, rangeReply(0, 9));
  h.send(true, 'GET /b HTTP/1.1\r\nHost: x\r\nRange: bytes=10-19\r\n\r\n');
  h.send(false, rangeReply(10, 19));
  h.close();
  h.files.drainAtEnd();
  t.equal(new Set(h.rows('files').map((f) => f.fuid)).size, 2);
});

import t from 'tap';

import { parseContentRange } from '../../../src/analyzers/http/http-content-range.js';
import { httpHarness } from './http-harness.js';

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

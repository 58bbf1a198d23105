import { createHash } from 'node:crypto';

import t from 'tap';

import { httpHarness, text, type Harness } from './http-harness.js';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const names = (ws: { name: string }[]) => ws.map((w) => w.name);
const texts = (v: unknown) => (Array.isArray(v) ? v.map(text) : v);

/** Records the entity events of one direction: `begin`, `header NAME`, `end`. */
function entityTrace(h: Harness, isOrig: boolean): string[] {
  const trace: string[] = [];
  h.events.on('http_begin_entity', (_c, o) => o === isOrig && trace.push('begin'));
  h.events.on('http_end_entity', (_c, o) => o === isOrig && trace.push('end'));
  h.events.on('http_header', (_c, o, _n, name) => o === isOrig && trace.push(`header ${name}`));
  return trace;
}

// Bytes a form upload may hold: lone LF and CR, a CRLF, and a NUL, which must all reach the file.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\x00\x00\x00\rIHDR\n\r\r\nend', 'latin1'),
]);
const TEXT = 'first line\r\nsecond line\n';

function formBody(boundary: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi there`),
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="a"; filename="a.txt"`),
    Buffer.from(`\r\nContent-Type: text/plain\r\n\r\n${TEXT}\r\n--${boundary}\r\n`),
    Buffer.from('Content-Disposition: form-data; name="b"; filename="b.png"\r\n'),
    Buffer.from('Content-Type: image/png\r\n\r\n'),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

t.test('http multipart: a form upload makes one file per part, as Zeek', async (t) => {
  const h = httpHarness({}, { hashes: { md5: true, sha1: false, sha256: false } });
  const trace = entityTrace(h, true);
  const body = formBody('XyZ');
  h.send(
    true,
    'POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; ' +
      `boundary=XyZ\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  // Cut inside the PNG's CRLF so the line end spans two deliveries.
  const cut = body.indexOf(PNG) + 5;
  h.send(true, body.subarray(0, cut));
  h.send(true, body.subarray(cut));
  h.send(false, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  h.close();

  const [row] = h.rows('http');
  const files = h.rows('files');
  t.equal(row.request_body_len, body.length, 'the whole body, boundaries included');
  t.equal(row.response_body_len, 2);
  t.equal(files.length, 4);
  const orig = files.filter((f) => f.is_orig === true);
  t.same(
    row.orig_fuids,
    orig.map((f) => f.fuid),
  );
  t.same(texts(row.orig_filenames), ['a.txt', 'b.png']);
  t.same(row.orig_mime_types, ['text/plain', 'image/png']);
  t.same(
    orig.map((f) => text(f.filename)),
    [undefined, 'a.txt', 'b.png'],
  );
  t.same(
    orig.map((f) => f.seen_bytes),
    [8, TEXT.length, PNG.length],
  );
  t.same(
    orig.map((f) => f.md5),
    [md5(Buffer.from('hi there')), md5(Buffer.from(TEXT)), md5(PNG)],
  );
  t.same(
    orig.map((f) => f.total_bytes),
    [undefined, undefined, undefined],
  );
  t.same(trace, [
    'begin',
    'header HOST',
    'header CONTENT-TYPE',
    'header CONTENT-LENGTH',
    'begin',
    'header CONTENT-DISPOSITION',
    'end',
    'begin',
    'header CONTENT-DISPOSITION',
    'header CONTENT-TYPE',
    'end',
    'begin',
    'header CONTENT-DISPOSITION',
    'header CONTENT-TYPE',
    'end',
    'end',
  ]);
  t.same(names(h.weirds), []);
});

t.test('http multipart: a multipart reply files its parts in the reply direction', async (t) => {
  const h = httpHarness();
  const trace = entityTrace(h, false);
  const body =
    '--b1\r\nContent-Type: text/plain\r\n\r\nalpha\r\n' +
    '--b1\r\nContent-Type: text/html\r\n\r\n<html><body>beta</body></html>\r\n--b1--\r\n';
  h.send(true, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(
    false,
    'HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed; boundary="b1"\r\n' +
      `Content-Length: ${body.length}\r\n\r\n${body}`,
  );
  h.send(true, 'GET /next HTTP/1.1\r\nHost: x\r\n\r\n');
  h.send(false, 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc');
  h.close();

  const rows = h.rows('http');
  t.equal(rows.length, 2, 'the reply after the multipart one is parsed as usual');
  t.equal(rows[0].response_body_len, body.length);
  t.same(
    h.rows('files').map((f) => f.seen_bytes),
    [5, 30, 3],
  );
  t.same(
    rows[0].resp_fuids,
    h
      .rows('files')
      .slice(0, 2)
      .map((f) => f.fuid),
  );
  t.same(rows[0].resp_mime_types, ['text/html']);
  t.equal(trace.filter((e) => e === 'begin').length, 4, 'two messages, two parts');
  t.same(names(h.weirds), []);
});

t.test('http multipart: a body without its closing boundary still ends', async (t) => {
  const h = httpHarness();
  const body =
    '--q\r\n\r\none\r\n--q\r\nContent-Disposition: attachment; filename="t.bin"\r\n\r\n' +
    'two\r\n';
  h.send(
    true,
    'POST / HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=q\r\n' +
      `Content-Length: ${body.length}\r\n\r\n${body}`,
  );
  h.send(false, 'HTTP/1.1 204 No Content\r\n\r\n');
  h.close();

  const [row] = h.rows('http');
  t.equal(row.request_body_len, body.length);
  t.equal(row.status_code, 204);
  // A part's last line end is held back for the boundary; when none comes it is dropped.
  t.same(
    h.rows('files').map((f) => f.seen_bytes),
    [3, 3],
  );
  t.same(texts(row.orig_filenames), ['t.bin']);
  t.same(
    h.rows('files').map((f) => f.timedout),
    [false, false],
  );
});

t.test('http multipart: without a boundary parameter the body is one file', async (t) => {
  const h = httpHarness();
  const body = '--q\r\n\r\none\r\n--q--\r\n';
  h.send(
    true,
    'POST / HTTP/1.1\r\nContent-Type: multipart/form-data\r\n' +
      `Content-Length: ${body.length}\r\n\r\n${body}`,
  );
  h.close();
  const files = h.rows('files');
  t.equal(files.length, 1);
  t.equal(files[0].seen_bytes, body.length);
  t.equal(h.rows('http')[0].request_body_len, body.length);
});

t.test('http multipart: parts past max_mime_entities are skipped with one weird', async (t) => {
  const h = httpHarness({ maxMimeEntities: 5 });
  let body = '';
  for (let i = 0; i < 50; i++) body += `--z\r\n\r\npart ${i}\r\n`;
  body += '--z--\r\n';
  h.send(
    true,
    'POST / HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=z\r\n' +
      `Content-Length: ${body.length}\r\n\r\n${body}`,
  );
  h.send(false, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  h.close();

  t.equal(h.rows('files').length, 5);
  t.same(h.weirds, [{ name: 'exceeded_mime_max_entities', addl: '6/5' }]);
  t.equal(h.rows('http')[0].request_body_len, body.length);
  t.ok(h.conn.history.includes('X'), 'history X');
});

t.test('http multipart: chunked multipart is read as lines, as Zeek reads it', async (t) => {
  const h = httpHarness();
  const part = '--c\r\n\r\nxyz\r\n--c--\r\n';
  const chunked = `${part.length.toString(16)}\r\n${part}\r\n0\r\n\r\n`;
  h.send(true, 'GET / HTTP/1.1\r\n\r\n');
  h.send(
    false,
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n' +
      `Content-Type: multipart/mixed; boundary=c\r\n\r\n${chunked}`,
  );
  h.close();
  // The closing boundary ends the reply; the last chunk's lines then read as a bad reply line.
  t.same(h.weirds, [
    { name: 'HTTP_chunked_transfer_for_multipart_message', addl: undefined },
    { name: 'violation', addl: 'not a http reply line' },
  ]);
  t.same(
    h.rows('files').map((f) => f.seen_bytes),
    [3],
  );
  t.equal(h.rows('http').length, 1);
});

t.test('http multipart: a part naming a Transfer-Encoding is a weird', async (t) => {
  const h = httpHarness();
  const body = '--t\r\nTransfer-Encoding: chunked\r\n\r\ndata\r\n--t--\r\n';
  h.send(
    true,
    'POST / HTTP/1.1\r\nContent-Type: multipart/mixed; boundary=t\r\n' +
      `Content-Length: ${body.length}\r\n\r\n${body}`,
  );
  h.close();
  t.same(names(h.weirds), ['HTTP_nested_transfer_encoding_header']);
  t.same(
    h.rows('files').map((f) => f.seen_bytes),
    [4],
  );
});

/** GET /f with `requestHeaders`, a 206 multipart/byteranges reply of `body`, end of input. */
function byteranges(h: ReturnType<typeof httpHarness>, requestHeaders: string, body: string) {
  h.send(true, `GET /f HTTP/1.1\r\n${requestHeaders}\r\n`);
  h.send(
    false,
    'HTTP/1.1 206 Partial Content\r\nContent-Type: multipart/byteranges; boundary=r\r\n' +
      `Content-Length: ${body.length}\r\n\r\n${body}`,
  );
  h.close();
  h.files.drainAtEnd();
}

t.test('http multipart: byteranges parts are ranges of one file at their offsets', async (t) => {
  const h = httpHarness({}, { hashes: { md5: true, sha1: false, sha256: false } });
  const body =
    '--r\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-4/15\r\n\r\nAAAAA\r\n' +
    '--r\r\nContent-Type: text/plain\r\nContent-Range: bytes 10-14/15\r\n\r\nCCCCC\r\n' +
    '--r\r\nContent-Type: text/plain\r\nContent-Range: bytes 5-9/15\r\n\r\nBBBBB\r\n--r--\r\n';
  byteranges(h, 'Range: bytes=0-4,10-14,5-9\r\n', body);

  const files = h.rows('files');
  t.equal(files.length, 1, 'one file for all ranges');
  t.same(h.rows('http')[0].resp_fuids, [files[0].fuid]);
  t.same([files[0].seen_bytes, files[0].total_bytes, files[0].missing_bytes], [15, 15, 0]);
  t.equal(files[0].md5, md5(Buffer.from('AAAAABBBBBCCCCC')));
  t.equal(h.rows('http')[0].response_body_len, body.length);
});

t.test('http multipart: without a Range request, each byteranges part is a file', async (t) => {
  const h = httpHarness();
  const body =
    '--r\r\nContent-Range: bytes 0-4/10\r\n\r\nAAAAA\r\n' +
    '--r\r\nContent-Range: bytes 5-9/10\r\n\r\nBBBBB\r\n--r--\r\n';
  byteranges(h, '', body);
  const files = h.rows('files');
  t.equal(new Set(files.map((f) => f.fuid)).size, 2, "Zeek's handle counts the MIME depth");
  t.same(
    files.map((f) => [f.seen_bytes, f.missing_bytes, f.timedout]),
    [
      [5, 0, true],
      [5, 5, true],
    ],
    'each part at its offset, left open for more ranges',
  );
});

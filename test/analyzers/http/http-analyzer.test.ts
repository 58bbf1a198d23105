import t from 'tap';

import { httpHarness, text } from './http-harness.js';

const names = (ws: { name: string }[]) => ws.map((w) => w.name);

t.test('http: a request and a sized reply make one http.log row and one file', async (t) => {
  const h = httpHarness();
  // 47 45 54 20 2f 61 20 48 54 54 50 2f 31 2e 31 0d 0a ...  "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
  h.send(true, 'GET /a%20b HTTP/1.1\r\nHost: x:8080\r\nUser-Agent: ua\r\n\r\n');
  h.send(false, 'HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello world!');
  h.close();
  const [row] = h.rows('http');
  t.equal(text(row.uri), '/a b');
  t.equal(text(row.host), 'x:8080');
  t.equal(row.status_code, 200);
  t.equal(row.response_body_len, 12);
  t.equal(h.rows('files').length, 1);
  t.equal(h.rows('files')[0].total_bytes, 12);
  t.same(row.resp_fuids, [h.rows('files')[0].fuid]);
  t.same(names(h.weirds), []);
});

t.test('http: pipelined requests are matched to replies in order (trans_depth)', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n');
  h.send(false, 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA');
  h.send(false, 'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nBB');
  h.close();
  const rows = h.rows('http');
  t.same(rows.map((r) => [r.trans_depth, text(r.uri), r.status_code]), [[1, '/1', 200], [2, '/2', 404]]);
});

t.test('http: HTTP/0.9 request gets the raw reply until the server closes', async (t) => {
  const h = httpHarness();
  // 47 45 54 20 2f 7a 2e 68 74 6d 6c 0a  "GET /z.html\n"
  h.send(true, 'GET /z.html\n');
  h.send(false, '<html>raw body</html>\n');
  h.analyzer.endOfData(false);
  h.close();
  const [first, second] = h.rows('http');
  t.equal(first.version, '0.9');
  t.equal(first.status_code, 0);
  t.equal(text(first.status_msg), '<empty>');
  t.equal(first.response_body_len, 22);
  t.same(first.resp_mime_types, ['text/html']);
  t.equal(second.trans_depth, 2, 'the request ends after the reply was logged, as in Zeek');
});

t.test('http: a version-less line that is not GET-like is a bad request', async (t) => {
  const h = httpHarness();
  h.send(true, 'T /zeek.html\n');
  t.same(names(h.weirds), ['bad_HTTP_request', 'violation']);
});

t.test('http: a header bomb past max_headers is cut with one weird', async (t) => {
  const h = httpHarness({ maxHeaders: 3 });
  const headers = Array.from({ length: 50 }, (_, i) => `X-H${i}: v\r\n`).join('');
  h.send(true, `GET / HTTP/1.1\r\n${headers}Host: late\r\n\r\n`);
  h.close();
  t.same(names(h.weirds), ['HTTP_too_many_headers']);
  t.equal(h.weirds[0].addl, '4/3');
  t.equal(h.rows('http')[0].host, undefined, 'headers past the limit are not used');
  t.match(h.conn.history, /X/);
});

t.test('http: a line longer than max_line_bytes is cut (contentline_size_exceeded)', async (t) => {
  const h = httpHarness({ maxLineBytes: 64 });
  h.send(true, `GET /${'a'.repeat(500)} HTTP/1.1\r\n\r\n`);
  t.ok(names(h.weirds).includes('contentline_size_exceeded'));
});

t.test('http: an overflowing chunk size is HTTP_bad_chunk_size and ends the body', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET / HTTP/1.1\r\n\r\n');
  // chunk size 0x1_0000_0000_0000_0000 exceeds int64
  h.send(false, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n' +
    '10000000000000000\r\n\r\n');
  h.close();
  t.same(names(h.weirds), ['HTTP_bad_chunk_size']);
  t.equal(h.rows('http')[0].response_body_len, 5);
});

t.test('http: chunked bodies are decoded across chunks and trailers', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET / HTTP/1.1\r\n\r\n');
  h.send(false, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n');
  h.send(false, '4;ext=1\r\ndefg\r\n0\r\nX-Trailer: 1\r\n\r\n');
  t.equal(h.rows('http')[0].response_body_len, 7);
});

t.test('http: a body that never ends is logged when the connection goes away', async (t) => {
  const h = httpHarness();
  h.send(true, 'GET /stream HTTP/1.1\r\n\r\n');
  h.send(false, 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n');
  for (let i = 0; i < 100; i++) h.send(false, 'x'.repeat(1000));
  t.same(h.rows('http'), [], 'nothing is logged while the body runs');
  h.analyzer.done();
  h.events.emit('connection_state_remove', h.conn);
  t.equal(h.rows('http')[0].response_body_len, 100000);
  t.equal(h.rows('files')[0].seen_bytes, 100000);
});

t.test('http: 100-continue keeps the request waiting for the final reply', async (t) => {
  const h = httpHarness();
  h.send(true, 'POST /up HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n');
  h.send(false, 'HTTP/1.1 100 Continue\r\n\r\n');
  h.send(true, 'data');
  h.send(false, 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n');
  h.close();
  const [row] = h.rows('http');
  t.same([row.info_code, row.status_code, row.request_body_len], [100, 201, 4]);
});

t.test('http: a gzip body is counted and filed decompressed', async (t) => {
  const { gzipSync } = await import('node:zlib');
  const body = gzipSync(Buffer.from('<html><body>' + 'z'.repeat(5000) + '</body></html>'));
  const h = httpHarness();
  h.send(true, 'GET / HTTP/1.1\r\n\r\n');
  h.send(false, `HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`);
  h.send(false, body.subarray(0, 10));
  h.send(false, body.subarray(10));
  h.close();
  t.equal(h.rows('http')[0].response_body_len, 5026);
  t.same(h.rows('http')[0].resp_mime_types, ['text/html']);
});

t.test('http: CONNECT 200 stops HTTP parsing (the tunnel carries another protocol)', async (t) => {
  const h = httpHarness();
  h.send(true, 'CONNECT host:443 HTTP/1.0\r\nProxy-Connection: keep-alive\r\n\r\n');
  h.send(false, 'HTTP/1.0 200 Connection Established\r\nX: y\r\n\r\n\x16\x03\x01');
  h.send(true, '\x16\x03\x01\x02\x00');
  h.close();
  const [row] = h.rows('http');
  t.equal(text(row.method), 'CONNECT');
  t.same(row.proxied, ['PROXY-CONNECTION -> keep-alive']);
  t.same(names(h.weirds), ['protocol_data_with_HTTP_CONNECT_reply']);
});

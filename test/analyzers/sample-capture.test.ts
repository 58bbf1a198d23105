/**
 * The project's own capture (test/fixtures/sample/: real curl, dig, openssl and OpenSSH
 * clients against real servers in two network namespaces; its README lists the traffic) read
 * as a user would, checking each log against what the capture script sent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { runWirelog } from '../cli/run-wirelog.js';
import { repoRoot } from '../shared-path.js';

const sample = path.join(repoRoot, 'test', 'fixtures', 'sample', 'sample.pcap');
const out = mkdtempSync(path.join(tmpdir(), 'wirelog-sample-'));
t.teardown(() => rmSync(out, { recursive: true, force: true }));

/** The rows of a log as objects keyed by column name. */
function rows(log: string): Record<string, string>[] {
  const lines = readFileSync(path.join(out, `${log}.log`), 'utf8').split('\n');
  const fields = lines.find((l) => l.startsWith('#fields'))!.split('\t').slice(1);
  return lines.filter((l) => l !== '' && !l.startsWith('#')).map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(fields.map((f, k) => [f, cells[k]]));
  });
}

t.before(async () => {
  const r = await runWirelog(['-r', sample, '-d', out]);
  if (r.code !== 0) throw new Error(`wirelog failed: ${r.stderr}`);
});

t.test('sample: conn.log names each service and the refused and unanswered attempts', async (t) => {
  const conns = rows('conn');
  const byPort = (p: string, proto = 'tcp') =>
    conns.filter((c) => c['id.resp_p'] === p && c.proto === proto);
  t.ok(byPort('80').every((c) => c.service === 'http' || c['id.resp_h'] === '10.87.0.99'));
  t.same(byPort('443').map((c) => c.service), ['ssl', 'ssl'], 'TLS 1.3 over IPv4 and IPv6');
  t.same(byPort('8443').map((c) => c.service), ['ssl']);
  t.same(byPort('22').map((c) => [c.service, c.conn_state]), [['ssh', 'SF']]);
  t.same(byPort('53', 'udp').map((c) => c.service), new Array(8).fill('dns'));
  t.same(byPort('81').map((c) => c.conn_state), ['REJ'], 'SYN to a closed port, answered by RST');
  const silent = conns.find((c) => c['id.resp_h'] === '10.87.0.99')!;
  t.same([silent.conn_state, silent.history, silent.orig_pkts], ['S0', 'S', '2'],
    'SYN and its retransmission, never answered');
  const ping = conns.find((c) => c.proto === 'icmp' && c['id.orig_p'] === '8')!;
  t.same([ping.orig_pkts, ping.resp_pkts], ['2', '2'], 'two echo requests and replies');
});

t.test('sample: dns.log holds every query and the answers the server gave', async (t) => {
  const dns = rows('dns');
  const answer = (q: string, type: string) =>
    dns.find((d) => d.query === q && d.qtype_name === type)?.answers;
  t.equal(answer('www.lab.test', 'A'), '10.87.0.1');
  t.equal(answer('www.lab.test', 'AAAA'), 'fd87::1');
  t.equal(answer('lab.test', 'TXT'), 'TXT 14 v=spf1 mx -all');
  t.equal(answer('lab.test', 'MX'), 'mail.lab.test');
  t.equal(answer('1.0.87.10.in-addr.arpa', 'PTR'), 'www.lab.test');
  t.equal(dns.find((d) => d.query === 'nosuchhost.lab.test')?.rcode_name, 'NXDOMAIN');
  const overTcp = dns.find((d) => d.proto === 'tcp');
  t.same([overTcp?.query, overTcp?.answers], ['mail.lab.test', '10.87.0.1'], 'the TCP query');
  t.ok(dns.some((d) => d['id.resp_h'] === 'fd87::1'), 'the query over IPv6');
});

t.test('sample: http.log holds each request with its status and sizes', async (t) => {
  const http = rows('http');
  const req = (method: string, uri: string) =>
    http.find((h) => h.method === method && h.uri === uri);
  t.same(http.filter((h) => h.trans_depth !== '1' || h.uri === '/index.html').map((h) => h.uri),
    ['/index.html', '/css/site.css', '/img/logo.png', '/img/photo.jpg', '/no/such/page.html'],
    'one keep-alive connection with five requests');
  t.equal(req('GET', '/no/such/page.html')?.status_code, '404');
  t.equal(req('HEAD', '/page.html')?.response_body_len, '0');
  t.same([req('POST', '/api/items')?.status_code, req('POST', '/api/items')?.request_body_len],
    ['201', '27']);
  const logo = req('GET', '/img/logo.png')!;
  const file = rows('files').find((f) => f.fuid === logo.resp_fuids);
  t.equal(file?.seen_bytes, logo.response_body_len, 'the body became a file of the same size');
  t.equal(http.find((h) => h['id.resp_p'] === '8080')?.host, '[fd87::1]:8080');
});

t.test('sample: ssl.log and x509.log show the handshakes and the certificate', async (t) => {
  const ssl = rows('ssl');
  t.same(ssl.map((s) => [s.version, s.server_name]).sort(), [
    ['TLSv12', 'api.lab.test'], ['TLSv13', 'www.lab.test'], ['TLSv13', 'www.lab.test'],
  ]);
  const tls12 = ssl.find((s) => s.version === 'TLSv12')!;
  t.not(tls12.cert_chain_fps, '-', 'the TLS 1.2 certificate is seen in clear');
  const certs = rows('x509');
  t.ok(certs.some((c) => c.fingerprint === tls12.cert_chain_fps.split(',')[0]),
    'x509.log has the certificate ssl.log names');
});

t.test('sample: ssh.log shows the successful key login', async (t) => {
  const ssh = rows('ssh');
  t.equal(ssh.length, 1);
  t.same([ssh[0].version, ssh[0].auth_success], ['2', 'T']);
  t.match(ssh[0].client, /^SSH-2\.0-OpenSSH_/);
});

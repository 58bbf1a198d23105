/**
 * Dynamic protocol detection's answer to protocol violations, over the whole pipeline: crafted
 * HTTP connections whose server turns to garbage after a good reply. A small connection loses
 * its analyzer and its service (with an analyzer.log row); the size threshold, the ignore list
 * and removed-service tracking change that as Zeek's DPD options do.
 */

import t, { type Test } from 'tap';

import type { WirelogConfig } from '../../src/config/config.js';
import { applyScriptOptions } from '../../src/config/script-options.js';
import { ethernet, ipv4, tcp } from '../helpers/packet-builder.js';
import { logsOf, type Rows } from '../helpers/pcap-file.js';

const SYN = 0x02;
const ACK = 0x10;
const PSH_ACK = 0x18;
const FIN_ACK = 0x11;
const CLIENT = { src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80 };

/** One TCP connection, side by side: each entry is (from client?, flags, payload). */
type Step = readonly [fromClient: boolean, flags: number, payload?: string];

/** Ethernet frames of the steps, with sequence and acknowledgement numbers kept right. */
function frames(steps: readonly Step[]): Buffer[] {
  const next = { client: 1000, server: 5000 };
  return steps.map(([fromClient, flags, text]) => {
    const payload = Buffer.from(text ?? '', 'latin1');
    const seq = fromClient ? next.client : next.server;
    const ack = fromClient ? next.server : next.client;
    const advance = payload.length + ((flags & (SYN | 0x01)) !== 0 ? 1 : 0);
    if (fromClient) next.client += advance;
    else next.server += advance;
    const segment = tcp({
      sport: fromClient ? CLIENT.sport : CLIENT.dport,
      dport: fromClient ? CLIENT.dport : CLIENT.sport,
      seq,
      ack: (flags & ACK) !== 0 ? ack : 0,
      flags,
      payload,
    });
    const [src, dst] = fromClient ? [CLIENT.src, CLIENT.dst] : [CLIENT.dst, CLIENT.src];
    return ethernet(0x0800, ipv4({ src, dst, proto: 6, payload: segment }));
  });
}

/** A request, a good reply with a body of `bodyBytes`, then a line that is no HTTP reply. */
function httpThenGarbage(bodyBytes: number): Step[] {
  const body = 'x'.repeat(bodyBytes);
  return [
    [true, SYN],
    [false, SYN | ACK],
    [true, ACK],
    [true, PSH_ACK, 'GET / HTTP/1.1\r\nHost: example\r\n\r\n'],
    [false, PSH_ACK, `HTTP/1.1 200 OK\r\nContent-Length: ${bodyBytes}\r\n\r\n${body}`],
    [false, PSH_ACK, '\x00\x01\x02garbage that is no status line\r\n'],
    [true, PSH_ACK, 'GET /after HTTP/1.1\r\nHost: example\r\n\r\n'],
    [false, PSH_ACK, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
    [true, FIN_ACK],
    [false, FIN_ACK],
    [true, ACK],
  ];
}

async function run(
  t: Test,
  steps: readonly Step[],
  tune: (c: WirelogConfig) => void = () => undefined,
): Promise<Rows> {
  return logsOf(t, frames(steps), tune);
}

const service = (rows: Rows) => rows.get('conn')?.[0]?.service;
/** http.log's uri column, as text. */
const uris = (rows: Rows) =>
  (rows.get('http') ?? []).map((r) => Buffer.from(r.uri as Uint8Array).toString('latin1'));

t.test('a small connection loses its analyzer and its service', async (t) => {
  const rows = await run(t, httpThenGarbage(100));
  t.equal(rows.get('conn')?.length, 1);
  t.equal(service(rows), undefined, 'http is no longer in service');
  const failed = rows.get('analyzer') ?? [];
  t.equal(failed.length, 1, 'one analyzer.log row');
  t.match(failed[0], {
    analyzer_kind: 'protocol',
    analyzer_name: 'HTTP',
    'id.orig_h': CLIENT.src,
    'id.resp_p': 80,
    proto: 'tcp',
    failure_reason: 'not a http reply line',
    failure_data: undefined,
  });
  t.equal(failed[0].uid, rows.get('conn')![0].uid);
  t.same(uris(rows), ['/'], 'the request after the garbage is not parsed: the analyzer is off');
});

t.test('past ignore_violations_after the violation is ignored', async (t) => {
  const rows = await run(t, httpThenGarbage(12000));
  t.equal(service(rows), 'http');
  t.equal(rows.get('analyzer'), undefined, 'no analyzer.log');
  t.same(uris(rows), ['/', '/after'], 'the analyzer stays on');

  const never = await run(t, httpThenGarbage(12000), (c) => (c.dpd.ignore_violations_after = 0));
  t.equal(service(never), undefined, '0 never ignores violations');
  t.equal(never.get('analyzer')?.length, 1);

  const higher = await run(t, httpThenGarbage(12000), (c) =>
    applyScriptOptions(c, ['DPD::ignore_violations_after=20000']),
  );
  t.equal(service(higher), undefined, 'the threshold is configurable as in Zeek');
});

t.test('an analyzer in ignore_violations is kept', async (t) => {
  const rows = await run(t, httpThenGarbage(100), (c) => (c.dpd.ignore_violations = ['http']));
  t.equal(service(rows), 'http');
  t.equal(rows.get('analyzer'), undefined);
  t.same(uris(rows), ['/', '/after']);

  const other = await run(t, httpThenGarbage(100), (c) =>
    applyScriptOptions(c, ['DPD::ignore_violations={ Analyzer::ANALYZER_SSL }']),
  );
  t.equal(service(other), undefined, 'ignoring another analyzer changes nothing for HTTP');

  const tagged = await run(t, httpThenGarbage(100), (c) =>
    applyScriptOptions(c, ['DPD::ignore_violations += { Analyzer::ANALYZER_HTTP }']),
  );
  t.equal(service(tagged), 'http', "Zeek's analyzer tag names the analyzer");
});

t.test('track_removed_services_in_connection keeps the service and adds -http', async (t) => {
  const rows = await run(t, httpThenGarbage(100), (c) =>
    applyScriptOptions(c, ['DPD::track_removed_services_in_connection=T']),
  );
  t.equal(service(rows), 'http,-http');
  t.equal(rows.get('analyzer')?.length, 1, 'the failure is logged once');
  t.same(uris(rows), ['/'], 'the analyzer is switched off all the same');
});

t.test('a violation before confirmation switches the analyzer off without a log row', async (t) => {
  const rows = await run(t, [
    [true, SYN],
    [false, SYN | ACK],
    [true, ACK],
    [true, PSH_ACK, '\x00\x01 not a request line\r\n'],
    [true, PSH_ACK, 'GET / HTTP/1.1\r\nHost: example\r\n\r\n'],
    [false, PSH_ACK, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
    [true, FIN_ACK],
    [false, FIN_ACK],
    [true, ACK],
  ]);
  t.equal(service(rows), undefined, 'http was never confirmed');
  t.equal(rows.get('analyzer'), undefined, 'only confirmed analyzers are logged');
  t.equal(rows.get('http'), undefined, 'the later request is not parsed');
});

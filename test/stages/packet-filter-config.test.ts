import t from 'tap';

import { compileFilter } from '../../src/stages/bpf/index.js';
import {
  buildFilterExpression,
  combineFilters,
  DEFAULT_CAPTURE_FILTER,
  PACKET_FILTER_LOG,
  currentTime,
  packetFilterRecord,
} from '../../src/stages/packet-filter-config.js';

t.test('without configuration the filter is Zeek default "ip or not ip"', async (t) => {
  t.equal(buildFilterExpression({}), 'ip or not ip');
  t.equal(DEFAULT_CAPTURE_FILTER, 'ip or not ip');
});

t.test('an explicit filter replaces every other setting', async (t) => {
  const config = { override: 'port 42', restrictFilters: { v: 'vlan' }, excludes: { a: 'arp' } };
  t.equal(buildFilterExpression(config), 'port 42');
});

t.test('capture filters are ORed, restrict filters and excludes ANDed', async (t) => {
  t.equal(
    buildFilterExpression({ captureFilters: { dns: 'port 53', web: 'tcp port 80' } }),
    '(port 53) or (tcp port 80)',
  );
  t.equal(
    buildFilterExpression({ restrictFilters: { v: 'vlan' }, excludes: { noisy: 'host 10.0.0.9' } }),
    '(ip or not ip) and ((vlan) and (not (host 10.0.0.9)))',
  );
  t.equal(
    buildFilterExpression({
      captureFilters: { a: 'udp' },
      restrictedFilter: 'vlan',
      unrestrictedFilter: 'arp',
    }),
    '(vlan) and ((arp) or (udp))',
  );
});

t.test('combineFilters keeps the non-empty side alone', async (t) => {
  t.equal(combineFilters('', 'and', 'tcp'), 'tcp');
  t.equal(combineFilters('tcp', 'or', ''), 'tcp');
  t.equal(combineFilters('', 'or', ''), '');
});

t.test('the built expression compiles', async (t) => {
  const expr = buildFilterExpression({
    captureFilters: { a: 'port 53', b: 'port 80' },
    excludes: { x: 'net 10.0.0.0/8' },
  });
  t.ok(compileFilter(expr, 1));
});

t.test('packet_filter.log has Zeek columns and types', async (t) => {
  t.equal(PACKET_FILTER_LOG.path, 'packet_filter');
  t.same(
    PACKET_FILTER_LOG.fields.map((f) => `${f.name}:${f.type}`),
    [
      'ts:time',
      'node:string',
      'filter:string',
      'init:bool',
      'success:bool',
      'failure_reason:string',
    ],
  );
});

t.test('a record says which filter was installed and whether it worked', async (t) => {
  t.same(packetFilterRecord({ ts: 1.5, filter: 'ip or not ip', init: true }), {
    ts: 1.5,
    node: 'zeek',
    filter: 'ip or not ip',
    init: true,
    success: true,
    failure_reason: undefined,
  });
  const failed = packetFilterRecord({
    ts: 2,
    filter: 'vlan',
    init: true,
    failureReason: 'no VLAN support for Raw IP',
  });
  t.equal(failed.success, false);
  t.equal(failed.failure_reason, 'no VLAN support for Raw IP');
});

t.test("current time has microseconds, as Zeek's current_time() has", async (t) => {
  const times = Array.from({ length: 5 }, () => currentTime());
  for (const ts of times) t.ok(Math.abs(ts - Date.now() / 1000) < 1, `${ts} is now`);
  // A millisecond clock gives whole thousandths every time; five in a row by chance is 1e-15.
  const subMillisecond = times.filter((ts) => Math.round(ts * 1e6) % 1000 !== 0);
  t.ok(subMillisecond.length > 0, 'finer than milliseconds');
});

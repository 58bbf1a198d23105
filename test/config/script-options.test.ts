import t from 'tap';

import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/config.js';
import {
  applyScriptOptions,
  isScriptOption,
  parseScriptOption,
} from '../../src/config/script-options.js';

const withOptions = (...assignments: string[]) => {
  const config = loadConfig();
  applyScriptOptions(config, assignments);
  return config;
};

t.test('script options: arguments holding = are assignments, others script names', async (t) => {
  t.ok(isScriptOption('LogAscii::use_json=T'));
  t.ok(isScriptOption('FTP::logged_commands += { "USER" }'));
  t.notOk(isScriptOption('base/protocols/ftp'));
  t.same(parseScriptOption('FTP::guest_ids -= {"ftp"}'), {
    text: 'FTP::guest_ids -= {"ftp"}',
    name: 'FTP::guest_ids',
    op: '-=',
    value: '{"ftp"}',
  });
});

t.test('script options: += and -= change a set, = replaces it', async (t) => {
  const defaults = loadConfig().ftp.logged_commands;
  const added = withOptions('FTP::logged_commands += { "<init>", "AUTH" }').ftp.logged_commands;
  t.same(added, [...defaults, '<init>', 'AUTH']);

  const removed = withOptions('FTP::logged_commands -= { "RETR" }').ftp.logged_commands;
  t.same(
    removed,
    defaults.filter((c) => c !== 'RETR'),
  );

  t.same(withOptions('FTP::logged_commands=set("USER", "PASS")').ftp.logged_commands, [
    'USER',
    'PASS',
  ]);
  t.same(withOptions('FTP::guest_ids = {}').ftp.guest_ids, []);
  t.same(
    withOptions('SSH::compression_algorithms={"a\\"b", "c\\\\d"}').ssh.compression_algorithms,
    ['a"b', 'c\\d'],
  );
});

t.test('script options: booleans, counts and intervals reach their keys', async (t) => {
  t.equal(withOptions('LogAscii::use_json=T').logs.format, 'json');
  t.equal(withOptions('LogAscii::use_json=T', 'LogAscii::use_json=F').logs.format, 'tsv');
  t.equal(withOptions('FTP::default_capture_password=T').ftp.default_capture_password, true);
  t.equal(withOptions('Tunnel::max_depth=2').tunnels.max_depth, 2);
  const timeouts = withOptions(
    'tcp_inactivity_timeout=10 mins',
    'udp_inactivity_timeout=90secs',
    'tcp_SYN_timeout=1.5 sec',
    'tcp_close_delay=250 msec',
  ).tracker.timeouts;
  t.equal(timeouts.tcp_inactivity_timeout, 600);
  t.equal(timeouts.udp_inactivity_timeout, 90);
  t.equal(timeouts.tcp_syn_timeout, 1.5);
  t.equal(timeouts.tcp_close_delay, 0.25);
  t.equal(withOptions('Tunnel::ip_tunnel_timeout=1 day').tunnels.ip_tunnel_timeout, 86400);
});

t.test(
  'script options: Site::local_nets keeps the private ranges, as Zeek adds them',
  async (t) => {
    const added = withOptions('Site::local_nets += { 203.0.112.0/24, [2a00:1450::]/32 }').site
      .local_networks as string[];
    t.ok(added.includes('10.0.0.0/8') && added.includes('192.168.0.0/16'), 'private ranges stay');
    t.same(added.slice(-2), ['203.0.112.0/24', '2a00:1450::/32']);
    const mapped = withOptions('Site::local_nets += { [::ffff:198.19.0.0]/112 }').site
      .local_networks;
    t.same((mapped as string[]).slice(-1), ['::ffff:198.19.0.0/112']);
    const assigned = withOptions('Site::local_nets = { 198.19.0.0/16 }').site.local_networks;
    t.ok((assigned as string[]).includes('10.0.0.0/8'));
    t.ok((assigned as string[]).includes('198.19.0.0/16'));
    const removed = withOptions('Site::local_nets -= { 10.0.0.0/8 }').site.local_networks;
    t.notOk((removed as string[]).includes('10.0.0.0/8'));
  },
);

t.test('script options: the DPD options take counts, bools and analyzer tags', async (t) => {
  const dpd = withOptions(
    'DPD::ignore_violations_after=0',
    'DPD::track_removed_services_in_connection=T',
    'DPD::ignore_violations={ Analyzer::ANALYZER_HTTP, Analyzer::ANALYZER_SSL }',
    'DPD::ignore_violations -= { Analyzer::ANALYZER_HTTP }',
  ).dpd;
  t.equal(dpd.ignore_violations_after, 0);
  t.equal(dpd.track_removed_services_in_connection, true);
  t.same(dpd.ignore_violations, ['SSL']);
  t.throws(() => withOptions('DPD::ignore_violations={ "HTTP" }'), /not an analyzer tag/);
});

t.test('script options: errors name the argument and what is wrong', async (t) => {
  const fails = (arg: string, why: RegExp) => {
    t.throws(() => withOptions(arg), ConfigError, arg);
    t.throws(() => withOptions(arg), why, arg);
  };
  fails('Nope::thing=1', /'Nope::thing=1': unknown option Nope::thing; known: .*FTP::/);
  fails('=3', /is not an option assignment/);
  fails('LogAscii::use_json=yes', /must be T or F/);
  fails('Tunnel::max_depth=-1', /must be a count/);
  fails('tcp_inactivity_timeout=5', /must be an interval/);
  fails('tcp_inactivity_timeout=5 fortnights', /must be an interval/);
  fails('FTP::logged_commands={ USER }', /USER is not a quoted string/);
  fails('FTP::logged_commands={"USER" "PASS"}', /"USER" "PASS" is not a quoted string/);
  fails('FTP::logged_commands={"USER", }', /an empty item is not a quoted string/);
  fails('toString=1', /unknown option toString/);
  fails('__proto__=1', /unknown option __proto__/);
  fails('Tunnel::max_depth=' + '9'.repeat(400), /must be a count/);
  fails('tcp_inactivity_timeout=' + '9'.repeat(400) + ' days', /must be an interval/);
  fails('Site::local_nets += { fe80::1%eth0/64 }', /is not a subnet/);
  fails('FTP::logged_commands="USER"', /must be a set of strings/);
  fails('Tunnel::max_depth+=1', /\+= needs a set option/);
  fails('Site::local_nets += { 10.0.0.0/33 }', /'10\.0\.0\.0\/33' is not a subnet/);
  fails('Site::local_nets += { 10.0.0/8 }', /is not a subnet/);
  fails('Site::local_nets += { [fe80::1::2]/64 }', /is not a subnet/);
  fails('Site::local_nets += "10.0.0.0/8"', /must be a set of subnets/);
});

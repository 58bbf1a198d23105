/**
 * HASSH against the shared vectors (salesforce/hassh fingerprint data and the corelight/hassh
 * capture with its Zeek baseline; see shared/vectors/hassh/README.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import t from 'tap';

import { hassh } from '../../../src/analyzers/ssh/hassh.js';
import { parseKexInit } from '../../../src/analyzers/ssh/ssh-capabilities.js';
import { runWirelog } from '../../cli/run-wirelog.js';
import { sharedDir } from '../../shared-path.js';
import { CLIENT_LISTS, kexInit, LIMITS } from './ssh-packets.js';

const vectors = path.join(sharedDir, 'vectors', 'hassh');

/** Rows of a tab-separated file with a header line, as objects. */
function tsv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const names = head.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [names[i], v])));
}

t.test('hassh: the documented algorithm strings hash to the documented values', async (t) => {
  const rows = tsv(path.join(vectors, 'documented-examples.tsv'))
    .filter((r) => r.algorithms.length > 1);
  t.equal(rows.length, 4);
  for (const r of rows) t.equal(hassh(r.algorithms), r.md5, r.identification);
});

t.test('hassh: a client KEXINIT with the fingerprint database lists gives its hassh', async (t) => {
  const lines = readFileSync(path.join(vectors, 'hassh_fingerprints.json'), 'utf8')
    .split('\n').filter((l) => l !== '');
  t.equal(lines.length, 49);
  for (const line of lines) {
    const v = JSON.parse(line) as Record<string, string>;
    const packet = kexInit({ ...CLIENT_LISTS, kex: v.ckex, encC2S: v.ceacts, macC2S: v.cmacts,
      compC2S: v.ccacts });
    // The payload starts after packet_length, padding_length and the message type.
    const kex = parseKexInit(packet.subarray(6, packet.length - packet[4]), true, LIMITS,
      () => undefined, () => undefined);
    t.equal(kex?.capabilities.hasshAlgorithms, v.hasshAlgorithms, v.clientIdentificationString);
    t.equal(hassh(kex!.capabilities.hasshAlgorithms), v.hassh);
  }
});

t.test('hassh: ssh.log of the corelight capture matches its baseline on all 42 connections',
  async (t) => {
    const out = mkdtempSync(path.join(tmpdir(), 'wirelog-hassh-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const trace = path.join(vectors, 'ssh_zeek_test_pcaps.pcap');
    const result = await runWirelog(['-C', '-r', trace, '-d', out]);
    t.equal(result.code, 0, result.stderr);

    const lines = readFileSync(path.join(out, 'ssh.log'), 'utf8').split('\n');
    const fields = lines.find((l) => l.startsWith('#fields'))!.split('\t').slice(1);
    const got = new Map<string, string>();
    for (const l of lines.filter((x) => x !== '' && !x.startsWith('#'))) {
      const r = Object.fromEntries(l.split('\t').map((v, i) => [fields[i], v]));
      const key = [r['id.orig_h'], r['id.orig_p'], r['id.resp_h'], r['id.resp_p']].join(' ');
      got.set(key, [r.client, r.server, r.hassh, r.hasshServer].join(' '));
    }
    const expected = tsv(path.join(vectors, 'ssh_zeek_test_pcaps.expected.tsv'));
    t.equal(expected.length, 42);
    for (const e of expected) {
      const key = [e.orig_h, e.orig_p, e.resp_h, e.resp_p].join(' ');
      t.equal(got.get(key), [e.client, e.server, e.hassh, e.hasshServer].join(' '), key);
    }
  });

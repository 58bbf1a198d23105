/**
 * A small hand-made log stream used by the Kafka tests: one field of every Zeek type the
 * writers handle, optional and mandatory, scalars and containers, and records whose values
 * hit the writers' escaping rules.
 */
import type { LogRecord, LogStreamSpec } from '../../src/logging/log-stream.js';

export const demoStream: LogStreamSpec = {
  path: 'demo',
  doc: 'Test stream with one field of each Zeek type.',
  fields: [
    { name: 'ts', type: 'time', doc: 'When it happened.' },
    { name: 'uid', type: 'string', doc: 'Connection uid.' },
    { name: 'id.orig_h', type: 'addr', doc: 'Originator address.' },
    { name: 'id.orig_p', type: 'port', doc: 'Originator port.' },
    { name: 'proto', type: 'enum', doc: 'Transport protocol.' },
    { name: 'duration', type: 'interval', doc: 'Seconds.', optional: true },
    { name: 'bytes', type: 'count', doc: 'Byte count.', optional: true },
    { name: 'delta', type: 'int', doc: 'Signed difference.', optional: true },
    { name: 'ratio', type: 'double', doc: 'A ratio.', optional: true },
    { name: 'ok', type: 'bool', doc: 'Whether it worked.', optional: true },
    { name: 'net', type: 'subnet', doc: 'A subnet.', optional: true },
    { name: 'note', type: 'string', doc: 'Free text or raw bytes.', optional: true },
    { name: 'tags', type: 'set[string]', doc: 'Tags.', optional: true },
    { name: 'sizes', type: 'vector[count]', doc: 'Sizes.', optional: true },
    { name: 'community_id', type: 'string', doc: 'Community ID.', optional: true },
  ],
};

/** `n` records, varied so that every type and escaping rule is exercised. */
export function demoRecords(n: number, uidPrefix = 'C'): LogRecord[] {
  const out: LogRecord[] = [];
  for (let i = 0; i < n; i++) out.push(demoRecord(i, uidPrefix));
  return out;
}

const NOTES: readonly (string | Uint8Array | undefined)[] = [
  'plain text',
  'tab\there, back\\slash',
  'héllo wörld ✓',
  new Uint8Array([0x47, 0x45, 0x54, 0xff, 0x00, 0x0a]),
  new Uint8Array([0xef, 0xbb, 0xbf, 0x61]),
  '',
  '-',
  '(empty)',
  undefined,
];

/** The `i`th demo record; its uid is unique for a given prefix. */
export function demoRecord(i: number, uidPrefix = 'C'): LogRecord {
  const even = i % 2 === 0;
  return {
    ts: 1700000000 + i * 0.001001,
    uid: `${uidPrefix}${i.toString(36).padStart(6, '0')}`,
    'id.orig_h': even
      ? `10.0.${i % 256}.${(i * 7) % 256}`
      : `2001:db8::${(i % 0xffff).toString(16)}`,
    'id.orig_p': 1024 + (i % 60000),
    proto: even ? 'tcp' : 'udp',
    duration: i % 5 === 0 ? undefined : i * 0.25,
    bytes: i % 7 === 0 ? 18446744073709551615n : i * 1000,
    delta: -i,
    ratio: i % 3 === 0 ? 1 : i / 3,
    ok: i % 4 === 0 ? undefined : even,
    net: even ? '10.0.0.0/8' : undefined,
    note: NOTES[i % NOTES.length],
    tags: i % 6 === 0 ? [] : ['a,b', `t${i % 3}`],
    sizes: i % 5 === 1 ? undefined : [i, 0, 2 ** 40],
    community_id: `1:${Buffer.from(`cid-${i}`).toString('base64')}`,
  };
}

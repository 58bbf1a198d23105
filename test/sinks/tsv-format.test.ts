import t from 'tap';

import type { LogStreamSpec } from '../../src/logging/log-stream.js';
import { renderJsonRecord } from '../../src/sinks/json-format.js';
import {
  formatDouble,
  formatFixed6,
  renderTsvHeader,
  renderTsvRecord,
  renderTsvValue,
} from '../../src/sinks/tsv-format.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
/** Byte strings come back as latin1 text: one char per byte. */
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

t.test('tsv: time and interval use exactly six decimals', async (t) => {
  t.equal(formatFixed6(1300475167.096535), '1300475167.096535');
  t.equal(formatFixed6(0.0001), '0.000100');
  t.equal(formatFixed6(64), '64.000000');
});

t.test('tsv: doubles strip trailing zeros but keep one decimal', async (t) => {
  t.equal(formatDouble(1), '1.0');
  t.equal(formatDouble(0.1234), '0.1234');
  t.equal(formatDouble(0.1234567), '0.123457');
  t.equal(formatDouble(2153226000), '2153226000.0');
});

t.test('tsv: unset is "-", empty string and empty set are "(empty)"', async (t) => {
  t.equal(renderTsvValue('string', undefined), '-');
  t.equal(renderTsvValue('string', ''), '(empty)');
  t.equal(renderTsvValue('set[string]', []), '(empty)');
  t.equal(renderTsvValue('vector[string]', ['a', null]), 'a,-');
});

t.test('tsv: values equal to the markers get their first byte escaped', async (t) => {
  t.equal(renderTsvValue('string', '-'), '\\x2d');
  t.equal(renderTsvValue('string', '(empty)'), '\\x28empty)');
});

t.test('tsv: tab, backslash and the set separator inside containers are escaped', async (t) => {
  t.equal(renderTsvValue('string', 'a\tb'), 'a\\x09b');
  t.equal(renderTsvValue('string', 'a\\b'), 'a\\\\b');
  t.equal(renderTsvValue('string', 'a,b'), 'a,b');
  t.equal(renderTsvValue('set[string]', ['a,b', 'c']), 'a\\x2cb,c');
});

t.test('tsv: valid UTF-8 passes; a control byte escapes every non-ASCII byte', async (t) => {
  t.equal(renderTsvValue('string', '/printable_\u{1F604}'), utf8('/printable_\u{1F604}'));
  t.equal(renderTsvValue('string', bytes(0x2f, 0x07)), '/\\x07');
  t.equal(renderTsvValue('string', bytes(0xc3, 0xa9, 0x07)), '\\xc3\\xa9\\x07');
  t.equal(renderTsvValue('string', bytes(0xff)), '\\xff');
});

t.test('tsv: header lines carry separator, markers, path, fields and types', async (t) => {
  const spec: LogStreamSpec = {
    path: 'demo',
    doc: 'test stream',
    fields: [
      { name: 'ts', type: 'time', doc: '' },
      { name: 'id.orig_h', type: 'addr', doc: '' },
    ],
  };
  const header = renderTsvHeader(spec, new Date(2024, 0, 2, 3, 4, 5));
  t.equal(header, [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-',
    '#path\tdemo', '#open\t2024-01-02-03-04-05', '#fields\tts\tid.orig_h', '#types\ttime\taddr',
    '',
  ].join('\n'));
  t.equal(renderTsvRecord(spec, { ts: 1.5, 'id.orig_h': '10.0.0.1' }), '1.500000\t10.0.0.1');
});

t.test('json: unset fields are omitted, times are numbers, bad bytes become \\\\xNN', async (t) => {
  const spec: LogStreamSpec = {
    path: 'demo',
    doc: '',
    fields: [
      { name: 'ts', type: 'time', doc: '' },
      { name: 'uri', type: 'string', doc: '' },
      { name: 'n', type: 'count', optional: true, doc: '' },
      { name: 'd', type: 'interval', doc: '' },
      { name: 'tags', type: 'set[string]', doc: '' },
    ],
  };
  const line = renderJsonRecord(spec, { ts: 1300475167.096535, uri: bytes(0x2f, 0x07), d: 100, tags: [] });
  t.equal(line, '{"ts":1300475167.096535,"uri":"/\\\\x07","d":100.0,"tags":[]}');
  t.equal(renderJsonRecord(spec, { ts: 1, uri: 'a"b\nc', d: 0.5, tags: ['x'] }),
    '{"ts":1.0,"uri":"a\\"b\\nc","d":0.5,"tags":["x"]}');
});

import t from 'tap';

import { renderJsonRecord } from '../../src/sinks/json-format.js';
import { parseJsonRecord, unescapeBytes } from '../../src/sinks/kafka/json-record-reader.js';
import { renderTsvRecord } from '../../src/sinks/tsv-format.js';
import { demoRecords, demoStream } from './demo-stream.js';

const payload = (text: string) => Buffer.from(text, 'latin1');

t.test('json reader: demo records read back render to the same TSV and JSON', async (t) => {
  for (const record of demoRecords(60)) {
    const json = renderJsonRecord(demoStream, record);
    const back = parseJsonRecord(demoStream, payload(json));
    const tsv = renderTsvRecord(demoStream, record);
    t.equal(renderTsvRecord(demoStream, back), tsv, record.uid as string);
    t.equal(renderJsonRecord(demoStream, back), json);
  }
});

t.test('json reader: iso8601 and millis timestamps read back as seconds', async (t) => {
  const [record] = demoRecords(1);
  const iso = renderJsonRecord(demoStream, record, { timestamps: 'iso8601' });
  t.equal(parseJsonRecord(demoStream, payload(iso), 'iso8601').ts, record.ts);
  const millis = renderJsonRecord(demoStream, record, { timestamps: 'millis' });
  t.equal(parseJsonRecord(demoStream, payload(millis), 'millis').ts, 1700000000);
});

t.test('json reader: writer escapes become bytes, printable escapes stay text', async (t) => {
  t.same([...(unescapeBytes('A\\xff\\x00') as Uint8Array)], [0x41, 0xff, 0x00]);
  t.equal(unescapeBytes('say \\x41'), 'say \\x41', 'the writer never escapes printable A');
  t.equal(unescapeBytes('C:\\\\x41'), 'C:\\\\x41');
  t.same([...(unescapeBytes('\\\\xff') as Uint8Array)], [0x5c, 0xff], 'escaped backslash kept');
});

t.test('json reader: counts beyond 2^53 are read exactly', async (t) => {
  const [record] = demoRecords(1);
  const json = renderJsonRecord(demoStream, { ...record, bytes: 2n ** 64n - 2n });
  t.equal(parseJsonRecord(demoStream, payload(json)).bytes, 2n ** 64n - 2n);
});

t.test('json reader: a payload that is not a JSON object throws a SyntaxError', async (t) => {
  t.throws(() => parseJsonRecord(demoStream, payload('[1]')), SyntaxError);
  t.throws(() => parseJsonRecord(demoStream, payload('{"ts":')), SyntaxError);
});

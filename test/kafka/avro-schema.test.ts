import avro from 'avsc';
import t from 'tap';

import type { LogStreamSpec } from '../../src/logging/log-stream.js';
import { renderJsonRecord } from '../../src/sinks/json-format.js';
import { AvroRecordCodec } from '../../src/sinks/kafka/avro-codec.js';
import {
  avroName,
  avroSchemaFor,
  canonicalForm,
  schemaFingerprint,
} from '../../src/sinks/kafka/avro-schema.js';
import { renderTsvRecord } from '../../src/sinks/tsv-format.js';
import { demoRecords, demoStream } from './demo-stream.js';

const fieldOf = (spec: LogStreamSpec, name: string) =>
  avroSchemaFor(spec).fields.find((f) => f.zeek_name === name)!;

t.test('avro schema: Zeek types map to the documented Avro types', async (t) => {
  t.same(fieldOf(demoStream, 'ts').type, 'double');
  t.same(fieldOf(demoStream, 'duration').type, ['null', 'double']);
  t.same(fieldOf(demoStream, 'ratio').type, ['null', 'double']);
  t.same(fieldOf(demoStream, 'id.orig_p').type, 'long');
  t.same(fieldOf(demoStream, 'bytes').type, ['null', 'long']);
  t.same(fieldOf(demoStream, 'delta').type, ['null', 'long']);
  t.same(fieldOf(demoStream, 'ok').type, ['null', 'boolean']);
  t.same(fieldOf(demoStream, 'id.orig_h').type, 'string');
  t.same(fieldOf(demoStream, 'net').type, ['null', 'string']);
  t.same(fieldOf(demoStream, 'proto').type, 'string');
  t.same(fieldOf(demoStream, 'uid').type, ['string', 'bytes']);
  t.same(fieldOf(demoStream, 'note').type, ['null', 'string', 'bytes']);
  t.same(fieldOf(demoStream, 'tags').type, [
    'null',
    { type: 'array', items: ['null', 'string', 'bytes'] },
  ]);
  t.same(fieldOf(demoStream, 'sizes').type, ['null', { type: 'array', items: ['null', 'long'] }]);
});

t.test('avro schema: optional fields default to null, mandatory ones have none', async (t) => {
  t.equal(fieldOf(demoStream, 'note').default, null);
  t.notOk('default' in fieldOf(demoStream, 'uid'));
});

t.test('avro schema: dotted names are sanitized and keep the original name', async (t) => {
  const f = fieldOf(demoStream, 'id.orig_h');
  t.equal(f.name, 'id_orig_h');
  t.same(f.aliases, ['id.orig_h']);
  t.equal(f.zeek_type, 'addr');
  t.notOk('aliases' in fieldOf(demoStream, 'uid'), 'unchanged names get no alias');
  t.equal(avroName('9lives-x'), '_9lives_x');
});

t.test('avro schema: names that clean to the same Avro name stay distinct', async (t) => {
  const spec: LogStreamSpec = {
    path: 'clash',
    doc: '',
    fields: [
      { name: 'a.b', type: 'count', doc: '' },
      { name: 'a_b', type: 'count', doc: '' },
    ],
  };
  t.same(avroSchemaFor(spec).fields.map((f) => f.name), ['a_b', 'a_b_2']);
});

t.test('avro schema: avsc accepts every schema and agrees on the fingerprint', async (t) => {
  const schema = avroSchemaFor(demoStream);
  const type = avro.Type.forSchema(schema as unknown as avro.Schema);
  t.equal(schemaFingerprint(schema), type.fingerprint('sha256').toString('hex'));
  t.equal(canonicalForm(schema), JSON.stringify(type.schema()).replace(/"name":"demo"/, ''));
});

t.test('avro schema: the fingerprint changes with a field type but not with docs', async (t) => {
  const base = schemaFingerprint(avroSchemaFor(demoStream));
  const fields = demoStream.fields.map((f) => ({ ...f, doc: 'x' }));
  const redoc = { ...demoStream, doc: 'other', fields };
  t.equal(schemaFingerprint(avroSchemaFor(redoc)), base);
  const retyped = {
    ...demoStream,
    fields: demoStream.fields.map((f) =>
      f.name === 'delta' ? { ...f, type: 'double' as const } : f,
    ),
  };
  t.not(schemaFingerprint(avroSchemaFor(retyped)), base);
});

t.test('avro codec: decoded records render to the same TSV and JSON bytes', async (t) => {
  const codec = new AvroRecordCodec(demoStream);
  for (const record of demoRecords(40)) {
    const back = codec.decode(codec.encode(record));
    const tsv = renderTsvRecord(demoStream, record);
    t.equal(renderTsvRecord(demoStream, back), tsv, record.uid as string);
    t.equal(renderJsonRecord(demoStream, back), renderJsonRecord(demoStream, record));
  }
});

t.test('avro codec: invalid UTF-8 travels as bytes, valid UTF-8 as string', async (t) => {
  const codec = new AvroRecordCodec(demoStream);
  const base = demoRecords(1)[0];
  const raw = codec.decode(codec.encode({ ...base, note: new Uint8Array([0xff, 0x41]) }));
  t.ok(Buffer.isBuffer(raw.note));
  t.same([...(raw.note as Buffer)], [0xff, 0x41]);
  const text = codec.decode(codec.encode({ ...base, note: Buffer.from('ünï', 'utf8') }));
  t.equal(text.note, 'ünï');
});

t.test('avro codec: counts keep all 64 bits', async (t) => {
  const codec = new AvroRecordCodec(demoStream);
  const base = demoRecords(1)[0];
  for (const n of [0, 2 ** 53 - 1, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n]) {
    t.equal(BigInt(codec.decode(codec.encode({ ...base, bytes: n })).bytes as bigint), BigInt(n));
  }
});

t.test('avro codec: an unset mandatory field is reported with its name', async (t) => {
  const codec = new AvroRecordCodec(demoStream);
  const base = demoRecords(1)[0];
  t.throws(() => codec.encode({ ...base, uid: undefined }), { message: /demo\.uid: unset/ });
});


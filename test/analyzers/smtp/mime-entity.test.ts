import t from 'tap';

import { Base64Decoder } from '../../../src/analyzers/mime/base64-decoder.js';
import { MimeEntity } from '../../../src/analyzers/mime/mime-entity.js';
import type { MimeHeader } from '../../../src/analyzers/mime/mime-header.js';
import type { MimeEventKind, MimeMessage } from '../../../src/analyzers/mime/mime-message.js';
import {
  DEFAULT_MIME_OPTIONS, type MimeOptions,
} from '../../../src/analyzers/mime/mime-options.js';
import { decodeQuotedPrintableLine } from '../../../src/analyzers/mime/quoted-printable.js';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** Records what a message hears, entity by entity: `begin`, `header NAME=value`, data ... */
function parse(lines: string[], options: Partial<MimeOptions> = {}): string[] {
  const seen: string[] = [];
  const message: MimeMessage = {
    beginEntity: () => void seen.push('begin'),
    endEntity: () => void seen.push('end'),
    header: (h: MimeHeader) => void seen.push(`header ${h.name}=${h.value}`),
    data: (bytes) => void seen.push(`data ${JSON.stringify(latin1(bytes))}`),
    event: (kind: MimeEventKind, detail) => void seen.push(`${kind}: ${detail}`),
    weird: (name, addl) => void seen.push(`weird ${name} ${addl}`),
    limitReached: (name, value) => void seen.push(`limit ${name} ${value}`),
  };
  const top = new MimeEntity(message, undefined, { ...DEFAULT_MIME_OPTIONS, ...options });
  for (const line of lines) top.deliver(Buffer.from(line, 'latin1'), true);
  top.endOfData();
  return seen;
}

t.test('mime: folded header fields are joined and the value starts after the colon', async (t) => {
  t.same(parse(['Subject: one', '\ttwo', 'X-Empty:', 'no colon here', '', 'body']), [
    'header SUBJECT=one\ttwo',
    'header X-EMPTY=',
    'data "body\\r\\n"',
    'end',
  ]);
});

t.test('mime: parts of nested multiparts end in order and keep their own content', async (t) => {
  t.same(parse([
    'Content-Type: multipart/mixed; boundary=outer',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="in ner"',
    '',
    '--in ner',
    '',
    'plain',
    '--in ner--',
    '--outer--',
  ]), [
    'header CONTENT-TYPE=multipart/mixed; boundary=outer',
    'begin',
    'header CONTENT-TYPE=multipart/alternative; boundary="in ner"',
    'begin',
    'data "plain"',
    'end',
    'end',
    'end',
  ]);
});

t.test('mime: a multipart without a boundary is taken as opaque content', async (t) => {
  const seen = parse(['Content-Type: multipart/mixed', '', '--x', 'text']);
  t.match(seen[0], /^illegal format: boundary delimiter is not specified/);
  t.same(seen.slice(2), ['data "--x\\r\\n"', 'data "text\\r\\n"', 'end']);
});

t.test('mime: a missing closing boundary is reported when the message ends', async (t) => {
  const seen = parse(['Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'x']);
  t.same(seen.slice(-4), [
    'data "x"', 'illegal format: multipart closing boundary delimiter missing', 'end', 'end',
  ]);
});

t.test('mime: nesting past the depth limit is a limit weird and the part is skipped',
  async (t) => {
    const seen = parse([
      'Content-Type: multipart/mixed; boundary=a', '', '--a',
      'Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'deep', '--b--', '--a--',
    ], { maxDepth: 1 });
    t.ok(seen.includes('limit exceeded_mime_max_depth 1'));
    t.notOk(seen.some((s) => s.includes('deep')));
  });

t.test('mime: a header field past the byte limit stops growing', async (t) => {
  const seen = parse(['Subject: 0123456789', ' more', ' and more', '', ''], { maxHeaderBytes: 16 });
  t.same(seen.slice(0, 3), [
    'limit exceeded_mime_max_header_bytes 19',
    'limit exceeded_mime_max_header_bytes 19',
    'header SUBJECT=0123456789',
  ]);
});

t.test('mime: Base64 skips stray characters, reports the first, pads a short group',
  async (t) => {
    const reports: string[] = [];
    const d = new Base64Decoder((r) => void reports.push(r));
    const out: number[] = [];
    d.decode(Buffer.from('aGVs bG8'), out);
    d.decode(Buffer.from('*'), out);
    d.finish(out);
    t.equal(Buffer.from(out).toString(), 'hello');
    t.same(reports, ['character 32 ignored by Base64 decoding',
      'incomplete base64 group, padding with 6 bits of 0']);
  });

t.test('mime: Base64 groups after padding are ignored', async (t) => {
  const reports: string[] = [];
  const out: number[] = [];
  new Base64Decoder((r) => void reports.push(r)).decode(Buffer.from('aGk=aGk='), out);
  t.equal(Buffer.from(out).toString(), 'hi');
  t.same(reports, ["extra base64 groups after '=' padding are ignored"]);
});

t.test('mime: quoted-printable decodes escapes and soft breaks, keeps bad escapes', async (t) => {
  const decode = (line: string) => {
    const out: number[] = [];
    const bad: string[] = [];
    decodeQuotedPrintableLine(Buffer.from(line, 'latin1'), out, (d) => void bad.push(d));
    return { text: Buffer.from(out).toString('latin1'), bad };
  };
  t.same(decode('a=3Db  \t'), { text: 'a=b\r\n', bad: [] });
  t.same(decode('soft='), { text: 'soft', bad: [] });
  t.same(decode('x=ZZ'), {
    text: 'x=ZZ\r\n',
    bad: ['= is not followed by two hexadecimal digits in quoted-printable encoding'],
  });
  t.same(decode('\xe9'), {
    text: '\xe9\r\n', bad: ['control characters in quoted-printable encoding: -23'],
  });
});

t.test('mime: a Base64 part with bad characters is one weird per part', async (t) => {
  const seen = parse(['Content-Transfer-Encoding: base64', '', 'aGk*', '=*']);
  t.same(seen.filter((s) => s.startsWith('weird')),
    ['weird base64_illegal_encoding character 42 ignored by Base64 decoding']);
  t.ok(seen.includes('data "hi"'));
});

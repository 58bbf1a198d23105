import * as asn1js from 'asn1js';
import t from 'tap';

import { decode } from '../../../src/analyzers/x509/der.js';
import { renderName } from '../../../src/analyzers/x509/distinguished-name.js';

type Value = asn1js.PrintableString | asn1js.Utf8String;

function atv(type: string, value: Value): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), value] });
}

function nameDer(rdns: asn1js.Sequence[][]): Uint8Array {
  const seq = new asn1js.Sequence({ value: rdns.map((set) => new asn1js.Set({ value: set })) });
  return new Uint8Array(seq.toBER());
}

t.test('x509: names render last-first with OpenSSL RFC 2253 escaping', async (t) => {
  const der = nameDer([
    [atv('2.5.4.6', new asn1js.PrintableString({ value: 'US' }))],
    [atv('2.5.4.10', new asn1js.PrintableString({ value: 'VeriSign, Inc.' }))],
    [atv('2.5.4.11', new asn1js.Utf8String({ value: 'a' })),
      atv('2.5.4.11', new asn1js.Utf8String({ value: 'b' }))],
    [atv('2.5.4.3', new asn1js.Utf8String({ value: '\u00e9 #x ' }))],
    [atv('1.2.3.4', new asn1js.Utf8String({ value: 'x' }))],
  ]);
  t.equal(renderName(decode(der)),
    '1.2.3.4=#0C0178,CN=\\C3\\A9 #x\\ ,OU=b+OU=a,O=VeriSign\\, Inc.,C=US');
});

t.test('x509: a leading # and control characters are escaped', async (t) => {
  const der = nameDer([[atv('2.5.4.3', new asn1js.Utf8String({ value: '#a\nb' }))]]);
  t.equal(renderName(decode(der)), 'CN=\\#a\\0Ab');
});

t.test('x509: a malformed name renders as empty, never throws', async (t) => {
  t.equal(renderName(decode(new Uint8Array([0x30, 0x05, 0x31]))), '');
});

import t from 'tap';

import { parseCertificate } from '../../../src/analyzers/x509/x509-certificate.js';

t.test('x509: bytes that are not a certificate give undefined, never a throw', async (t) => {
  t.equal(parseCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), undefined);
  t.equal(parseCertificate(new Uint8Array([0xff, 0xff])), undefined);
  t.equal(parseCertificate(new Uint8Array(0)), undefined);
});

/** Hand-made TLS 1.2 records for the SSL analyzer tests; each field is annotated. */
import { hex } from './tls-test-context.js';

/**
 * A ClientHello record: TLS 1.2, no session id, two suites, SNI `example.com`, ALPN `h2`.
 *
 *   16 0301 004e                      handshake record, TLS 1.0 layer, 78 bytes
 *   01 00004a                         client_hello, 74 bytes
 *   0303 <32 random bytes> 00         client_version 1.2, random, empty session id
 *   0004 c02f 002f 01 00              two cipher suites, one compression method (null)
 *   001d                              29 bytes of extensions:
 *     0000 0010 000e 00 000b ...      server_name: host_name "example.com"
 *     0010 0005 0003 02 6832          ALPN: "h2"
 */
export const CLIENT_HELLO_RECORD = hex(
  '16 0301 004e',
  '01 00004a',
  '0303', '00'.repeat(32), '00',
  '0004 c02f 002f 01 00',
  '001d',
  '0000 0010 000e 00 000b', Buffer.from('example.com').toString('hex'),
  '0010 0005 0003 02 6832',
);

/**
 * ServerHello + ServerHelloDone in one record: TLS 1.2, suite c02f, ALPN `h2`.
 *
 *   16 0303 0039                      handshake record, 57 bytes
 *   02 000031                         server_hello, 49 bytes
 *   0303 <32 random bytes> 00         version 1.2, random, empty session id
 *   c02f 00                           TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, no compression
 *   0009 0010 0005 0003 02 6832       extensions: ALPN "h2"
 *   0e 000000                         server_hello_done
 */
export const SERVER_HELLO_RECORD = hex(
  '16 0303 0039',
  '02 000031',
  '0303', '11'.repeat(32), '00',
  'c02f 00',
  '0009 0010 0005 0003 02 6832',
  '0e 000000',
);

/** ChangeCipherSpec, then an encrypted handshake record (Finished). */
export const CCS_AND_FINISHED = hex('14 0303 0001 01', '16 0303 0004 deadbeef');

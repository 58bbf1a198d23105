/**
 * One HTTP transaction (a request and its reply) as http.log records it: Zeek's HTTP::Info
 * with the fields entities.zeek adds. String fields hold the bytes seen on the wire.
 */
import type { Connection } from '../../stages/connection.js';

export class HttpInfo {
  method: Uint8Array | undefined;
  /** Value of the Host header, port included. */
  host: Uint8Array | undefined;
  /** The %-decoded URI. */
  uri: Uint8Array | undefined;
  referrer: Uint8Array | undefined;
  /** Version of the reply's status line. */
  version: string | undefined;
  userAgent: Uint8Array | undefined;
  origin: Uint8Array | undefined;
  requestBodyLen = 0;
  responseBodyLen = 0;
  statusCode: number | undefined;
  statusMsg: Uint8Array | undefined;
  /** The last 1xx reply seen before the final one. */
  infoCode: number | undefined;
  infoMsg: Uint8Array | undefined;
  readonly tags: string[] = [];
  username: Uint8Array | string | undefined;
  password: Uint8Array | string | undefined;
  /** `NAME -> value` of each header that suggests a proxy. */
  proxied: string[] | undefined;
  rangeRequest = false;
  origFuids: string[] | undefined;
  origFilenames: (string | Uint8Array)[] | undefined;
  origMimeTypes: string[] | undefined;
  respFuids: string[] | undefined;
  respFilenames: (string | Uint8Array)[] | undefined;
  respMimeTypes: string[] | undefined;
  /** The MIME entity being read, with the filename its headers gave. */
  currentEntity: { filename?: string | Uint8Array } | undefined;
  origMimeDepth = 0;
  respMimeDepth = 0;

  constructor(
    /** Network time the transaction's first message started. */
    readonly ts: number,
    readonly conn: Connection,
    /** Position of the transaction in the connection, from 1. */
    readonly transDepth: number,
  ) {}
}

/**
 * files.log: one row per file and connection it was seen over, written when the file's state
 * is removed. With Zeek's default scripts the hash and extraction columns are present (and
 * empty unless hashing or extraction is on); in bare mode they are not.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { FieldSpec, LogStreamSpec } from '../../logging/log-stream.js';
import type { UidGenerator } from '../../stages/conn-uid.js';
import type { LocalNetworks } from '../conn/local-networks.js';
import { bindFileManager } from './file-service.js';
import { FileManager } from './file-manager.js';
import type { FileOptions } from './file-options.js';
import type { FileState } from './file-state.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

const BASE_FIELDS: readonly FieldSpec[] = [
  { name: 'ts', type: 'time', doc: 'Time the file was first seen.' },
  { name: 'fuid', type: 'string', doc: 'Unique id of the file.' },
  { name: 'uid', type: 'string', optional: true, doc: 'Connection the file was seen over.' },
  { name: 'id.orig_h', type: 'addr', optional: true, doc: "That connection's originator." },
  { name: 'id.orig_p', type: 'port', optional: true, doc: 'Originator port.' },
  { name: 'id.resp_h', type: 'addr', optional: true, doc: "That connection's responder." },
  { name: 'id.resp_p', type: 'port', optional: true, doc: 'Responder port.' },
  { name: 'source', type: 'string', optional: true, doc: 'Analyzer that carried it (HTTP ...).' },
  { name: 'depth', type: 'count', doc: 'Nesting depth inside its carrier; 0 for a body.' },
  { name: 'analyzers', type: 'set[string]', doc: 'File analyzers that ran (MD5, EXTRACT ...).' },
  { name: 'mime_type', type: 'string', optional: true, doc: 'Type sniffed from the content.' },
  { name: 'filename', type: 'string', optional: true, doc: 'Name the protocol gave the file.' },
  { name: 'duration', type: 'interval', doc: 'Seconds from first to last bytes or gap seen.' },
  {
    name: 'local_orig', type: 'bool', optional: true,
    doc: 'Whether the sender is local; unset when no local networks are configured.',
  },
  { name: 'is_orig', type: 'bool', optional: true, doc: 'Whether the originator sent it.' },
  { name: 'seen_bytes', type: 'count', doc: 'Bytes seen.' },
  { name: 'total_bytes', type: 'count', optional: true, doc: 'Announced size, if any.' },
  { name: 'missing_bytes', type: 'count', doc: 'Bytes never seen (content gaps).' },
  { name: 'overflow_bytes', type: 'count', doc: 'Out-of-order bytes that did not fit.' },
  { name: 'timedout', type: 'bool', doc: 'Whether it timed out (idle, or open at the end).' },
  { name: 'parent_fuid', type: 'string', optional: true, doc: 'Container file, if nested.' },
];

const HASH_AND_EXTRACT_FIELDS: readonly FieldSpec[] = [
  { name: 'md5', type: 'string', optional: true, doc: 'MD5 digest, when hashing is on.' },
  { name: 'sha1', type: 'string', optional: true, doc: 'SHA1 digest, when hashing is on.' },
  { name: 'sha256', type: 'string', optional: true, doc: 'SHA256 digest, when hashing is on.' },
  { name: 'extracted', type: 'string', optional: true, doc: 'Name of the extracted copy.' },
  {
    name: 'extracted_cutoff', type: 'bool', optional: true,
    doc: 'Whether extraction stopped at the size limit.',
  },
  {
    name: 'extracted_size',
    type: 'count',
    optional: true,
    doc: 'Bytes extracted, set only when the size limit cut the copy off (then the limit).',
  },
];

/** The files.log declaration, with or without the hash and extraction columns. */
export function filesLogSpec(hashAndExtractColumns: boolean): LogStreamSpec {
  return {
    path: 'files',
    doc: 'One row per file transferred over a connection (HTTP bodies, attachments ...).',
    fields: hashAndExtractColumns ? [...BASE_FIELDS, ...HASH_AND_EXTRACT_FIELDS] : BASE_FIELDS,
  };
}

/** The files.log rows of a file: one per connection it was seen over. */
export function fileRecords(f: FileState, local: LocalNetworks) {
  return f.conns.map(({ conn, isOrig }) => ({
    ts: f.ts,
    fuid: f.id,
    uid: conn.uid,
    'id.orig_h': conn.origH,
    community_id: communityIdOf(conn),
    'id.orig_p': conn.origPort,
    'id.resp_h': conn.respH,
    'id.resp_p': conn.respPort,
    source: f.source,
    depth: f.depth,
    analyzers: [...f.analyzers],
    mime_type: f.mimeType,
    filename: f.filename,
    duration: f.duration,
    local_orig: local.isEmpty ? undefined : local.contains(isOrig ? conn.origAddr : conn.respAddr),
    is_orig: f.isOrig,
    seen_bytes: f.seenBytes,
    total_bytes: f.totalBytes,
    missing_bytes: f.missingBytes,
    overflow_bytes: f.overflowBytes,
    timedout: f.timedout,
    parent_fuid: f.parentFuid,
    md5: f.hashes.md5,
    sha1: f.hashes.sha1,
    sha256: f.hashes.sha256,
    extracted: f.extracted,
    extracted_cutoff: f.extractedCutoff,
    extracted_size: f.extractedSize,
  }));
}

/**
 * Declares files.log, subscribes its writer and makes the file manager available to the
 * analyzers of this pipeline. Returns the manager.
 */
export function registerFilesLog(
  events: EventBus<CoreEvents>, logs: LogManager, local: LocalNetworks, uids: UidGenerator,
  options: FileOptions,
): FileManager {
  const spec = filesLogSpec(options.hashAndExtractColumns);
  logs.createStream(spec);
  events.on('file_state_remove', (f) => {
    for (const record of fileRecords(f, local)) logs.write(spec.path, record);
  }, -10);
  const manager = new FileManager(events, uids, options);
  bindFileManager(events, manager);
  return manager;
}

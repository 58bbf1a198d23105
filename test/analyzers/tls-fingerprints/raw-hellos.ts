/**
 * The raw ClientHello and ServerHello bodies of every TCP flow in a capture, taken from the
 * packets without the tracker or the SSL analyzer: segments of each direction are put in
 * sequence order (duplicates dropped) from the first one that starts a handshake record, and
 * the handshake messages are cut out of the records. Enough for captures whose hellos arrive
 * complete; it is a test oracle, not a reassembler.
 */
import { formatIp } from '../../../src/stages/ip-address.js';
import { PacketDecoder } from '../../../src/stages/decoder.js';
import { RecordingReporter } from '../../helpers/packet-builder.js';
import { loadTrace } from '../../helpers/trace-file.js';

const TCP = 6;
const HANDSHAKE_RECORD = 22;
const RECORD_HEADER = 5;
const MESSAGE_HEADER = 4;
const CHANGE_CIPHER_SPEC_RECORD = 20;
const CLIENT_HELLO = 1;
const SERVER_HELLO = 2;

export interface RawHello {
  /** `src sport dst dport` of the direction that sent it. */
  readonly tuple: string;
  readonly isClient: boolean;
  /** The handshake message body, without its 4-byte header. */
  readonly body: Buffer;
}

/** Every ClientHello and ServerHello, in order per direction. */
export function rawHellos(trace: string): RawHello[] {
  const out: RawHello[] = [];
  for (const [tuple, segments] of tcpDirections(trace)) {
    for (const m of handshakeMessages(streamOf(segments))) {
      if (m.type === CLIENT_HELLO || m.type === SERVER_HELLO) {
        out.push({ tuple, isClient: m.type === CLIENT_HELLO, body: m.body });
      }
    }
  }
  return out;
}

function tcpDirections(trace: string): Map<string, { seq: number; data: Buffer }[]> {
  const flows = new Map<string, { seq: number; data: Buffer }[]>();
  const decoder = new PacketDecoder({ reporter: new RecordingReporter(), ignoreChecksums: true });
  for (const batch of loadTrace(trace)) {
    decoder.decodeBatch(batch);
    for (let i = 0; i < batch.count; i++) {
      if (batch.ipProto[i] !== TCP || batch.payloadLen[i] === 0) continue;
      const data = batch.data(i);
      const l3 = batch.offset[i] + batch.l3Offset[i];
      const v6 = batch.ipVersion[i] === 6;
      const src = formatIp(data, v6 ? l3 + 8 : l3 + 12, batch.ipVersion[i]);
      const dst = formatIp(data, v6 ? l3 + 24 : l3 + 16, batch.ipVersion[i]);
      const key = `${src} ${batch.srcPort[i]} ${dst} ${batch.dstPort[i]}`;
      const start = batch.offset[i] + batch.payloadOffset[i];
      const payload = Buffer.from(data.subarray(start, start + batch.payloadLen[i]));
      if (!flows.has(key)) flows.set(key, []);
      flows.get(key)!.push({ seq: batch.seq[i], data: payload });
    }
  }
  return flows;
}

/** The direction's bytes from its first handshake record on, in sequence order. */
function streamOf(segments: { seq: number; data: Buffer }[]): Buffer {
  const first = segments.find((s) => s.data[0] === HANDSHAKE_RECORD);
  if (first === undefined) return Buffer.alloc(0);
  const bySeq = new Map<number, Buffer>();
  for (const s of segments) {
    const rel = (s.seq - first.seq) >>> 0;
    if (rel < 0x80000000 && !bySeq.has(rel)) bySeq.set(rel, s.data);
  }
  const parts: Buffer[] = [];
  let next = 0;
  for (const rel of [...bySeq.keys()].sort((a, b) => a - b)) {
    if (rel !== next) break;
    parts.push(bySeq.get(rel)!);
    next += bySeq.get(rel)!.length;
  }
  return Buffer.concat(parts);
}

/**
 * Handshake messages of the leading run of handshake records. Past a change-cipher-spec the
 * handshake is encrypted, except for a second ClientHello after a HelloRetryRequest (TLS 1.3
 * compatibility mode sends the change-cipher-spec first): a record holding exactly one
 * plaintext ClientHello is still taken.
 */
function handshakeMessages(stream: Buffer): { type: number; body: Buffer }[] {
  const fragments: Buffer[] = [];
  let encrypted = false;
  for (let o = 0; o + RECORD_HEADER <= stream.length;) {
    const type = stream[o];
    const len = stream.readUInt16BE(o + 3);
    const fragment = stream.subarray(o + RECORD_HEADER, o + RECORD_HEADER + len);
    if (fragment.length < len) break;
    o += RECORD_HEADER + len;
    if (type === CHANGE_CIPHER_SPEC_RECORD) {
      encrypted = true;
      continue;
    }
    if (type !== HANDSHAKE_RECORD) break;
    if (encrypted && !isWholeClientHello(fragment)) break;
    fragments.push(fragment);
  }
  const hs = Buffer.concat(fragments);
  const out: { type: number; body: Buffer }[] = [];
  for (let o = 0; o + MESSAGE_HEADER <= hs.length;) {
    const len = hs.readUIntBE(o + 1, 3);
    if (o + MESSAGE_HEADER + len > hs.length) break;
    out.push({ type: hs[o], body: hs.subarray(o + MESSAGE_HEADER, o + MESSAGE_HEADER + len) });
    o += MESSAGE_HEADER + len;
  }
  return out;
}

function isWholeClientHello(fragment: Buffer): boolean {
  return fragment.length >= MESSAGE_HEADER && fragment[0] === CLIENT_HELLO &&
    fragment.readUIntBE(1, 3) + MESSAGE_HEADER === fragment.length;
}

/**
 * The SSH analyzer of one connection. Each direction starts in the version exchange (lines,
 * RFC 4253 section 4.2), then carries binary packets in the clear (KEXINIT and the key
 * exchange, section 7) until NEWKEYS, after which only the sizes of encrypted segments are
 * used, to infer authentication. It raises the events ssh.log is built from.
 */
import type { Analyzer, AnalyzerContext } from '../analyzer.js';
import { SshAuthInference } from './ssh-auth-inference.js';
import { parseKexInit, type KexInit } from './ssh-capabilities.js';
import { colonHex, md5Fingerprint, sha256, sha256Fingerprint, sha256Text } from './ssh-host-key.js';
import { IdentificationLines } from './ssh-identification-line.js';
import { parseKexMessage } from './ssh-kex-messages.js';
import { chooseKex, type SshState } from './ssh-kex-method.js';
import type { SshLimits } from './ssh-options.js';
import { SshPacketFramer } from './ssh-packet-framer.js';
import { SshReader } from './ssh-reader.js';
import { announcedVersion, framingVersion, type AnnouncedVersion } from './ssh-version.js';
import {
  parseSsh1PublicKey,
  SSH1_CMSG_SESSION_KEY,
  SSH1_SMSG_PUBLIC_KEY,
} from './ssh1-public-key.js';

const SSH2_MSG_NEWKEYS = 21;
/** padding_length and msg_type of an SSH-2 packet. */
const SSH2_HEADER_BYTES = 2;
/** SSH-1 packets are padded to a multiple of 8 bytes and end with a CRC-32. */
const SSH1_BLOCK = 8;
const SSH1_CRC_BYTES = 4;

/** One direction's parse state. */
class SshDirection {
  state: SshState = 'version_exchange';
  announced: AnnouncedVersion;
  /** Set when this direction's data can no longer be parsed; it is ignored from then on. */
  dead = false;
  readonly lines: IdentificationLines;
  readonly framer: SshPacketFramer;

  constructor(maxLineLength: number, sizeOf: (length: number) => { length: number; size: number }) {
    this.lines = new IdentificationLines(maxLineLength);
    this.framer = new SshPacketFramer(sizeOf);
  }
}

export class SshAnalyzer implements Analyzer {
  private readonly orig: SshDirection;
  private readonly resp: SshDirection;
  private readonly auth = new SshAuthInference();
  /** The first KEXINIT's kex list and side, until the other side's arrives. */
  private firstKex: { readonly list: string; readonly isOrig: boolean } | undefined;
  private hadGap = false;
  /** Analysis ended after a successful authentication (nothing more to learn). */
  private finished = false;

  constructor(
    private readonly ctx: AnalyzerContext,
    private readonly limits: SshLimits,
  ) {
    const sizeOf = (length: number) => this.packetSize(length);
    this.orig = new SshDirection(limits.maxLineLength, sizeOf);
    this.resp = new SshDirection(limits.maxLineLength, sizeOf);
  }

  deliverStream(isOrig: boolean, data: Uint8Array): void {
    if (this.finished || this.hadGap || this.ctx.conn.tcp?.isPartial) return;
    const dir = isOrig ? this.orig : this.resp;
    if (dir.dead) return;
    if (dir.state === 'encrypted') {
      this.encryptedSegment(isOrig, data.length);
      return;
    }

    const encryptedTail = this.parse(dir, isOrig, data);
    if (encryptedTail > 0) this.encryptedSegment(isOrig, encryptedTail);
  }

  gap(): void {
    // Framing is lost for good once bytes are missing in either direction.
    this.hadGap = true;
  }

  /** Parses a segment in the clear; returns how many of its bytes came after NEWKEYS. */
  private parse(dir: SshDirection, isOrig: boolean, data: Uint8Array): number {
    let pos = 0;
    while (pos < data.length && !dir.dead) {
      if (dir.state === 'encrypted') return data.length - pos;
      pos +=
        dir.state === 'version_exchange'
          ? this.versionBytes(dir, isOrig, data, pos)
          : this.packetBytes(dir, isOrig, data, pos);
    }
    return 0;
  }

  private versionBytes(dir: SshDirection, isOrig: boolean, data: Uint8Array, pos: number): number {
    const r = dir.lines.feed(data, pos);
    if ('overflow' in r) {
      this.fail(dir, 'SSH identification line too long');
    } else if (r.line !== undefined) {
      this.versionLine(dir, isOrig, r.line);
    }
    return r.consumed;
  }

  /**
   * A line of the version exchange. The client must start with its identification string;
   * a server may send other lines first (RFC 4253 section 4.2).
   */
  private versionLine(dir: SshDirection, isOrig: boolean, line: string): void {
    const { conn, events } = this.ctx;
    if (!line.startsWith('SSH-')) {
      if (isOrig) this.fail(dir, 'SSH client identification does not start with SSH-');
      else events.emit('ssh_server_pre_banner_data', conn, line);
      return;
    }

    dir.state = 'kex_init';
    dir.announced = announcedVersion(line) ?? dir.announced;
    events.emit(isOrig ? 'ssh_client_version' : 'ssh_server_version', conn, line);
  }

  private get version(): 1 | 2 | undefined {
    return framingVersion(this.orig.announced, this.resp.announced);
  }

  /** Caps the packet_length field and sizes what follows it for the agreed version. */
  private packetSize(raw: number): { length: number; size: number } {
    let length = raw;
    const max = this.limits.maxPacketLength;
    if (max > 0 && length > max) {
      this.limitReached('SSH_max_packet_length_exceeded', length, max);
      length = max;
    }
    const version = this.version;
    if (version === 2) return { length, size: length };
    if (version === 1) return { length, size: length + SSH1_BLOCK - (length % SSH1_BLOCK) };
    return { length, size: -1 };
  }

  private packetBytes(dir: SshDirection, isOrig: boolean, data: Uint8Array, pos: number): number {
    const lf = dir.lines.lingeringLf(data, pos);
    if (lf > 0) return lf;
    if (this.version === undefined) {
      this.fail(dir, 'SSH binary packet before both versions were known');
      return data.length - pos;
    }
    const { consumed, packet } = dir.framer.feed(data, pos);
    if (packet === undefined) return consumed;
    if (this.version === 2) this.ssh2Packet(dir, isOrig, packet.length, packet.body);
    else this.ssh1Packet(dir, isOrig, packet.length, packet.body);
    return consumed;
  }

  private ssh2Packet(dir: SshDirection, isOrig: boolean, length: number, body: Uint8Array): void {
    if (body.length < SSH2_HEADER_BYTES || body[0] > length - SSH2_HEADER_BYTES) {
      this.ctx.violation('malformed SSH packet header');
      return;
    }
    const type = body[1];
    const payload = body.subarray(SSH2_HEADER_BYTES, length - body[0]);
    if (type === SSH2_MSG_NEWKEYS) {
      dir.state = 'encrypted';
      this.ctx.confirm();
      return;
    }

    if (dir.state === 'kex_init') this.kexInit(isOrig, payload);
    else if (dir.state !== 'encrypted' && dir.state !== 'version_exchange') {
      this.kexMessage(dir.state, isOrig, type, payload);
    }
  }

  /** In the KEXINIT state every packet is read as a KEXINIT, as Zeek's grammar does. */
  private kexInit(isOrig: boolean, payload: Uint8Array): void {
    const kex = parseKexInit(
      payload,
      isOrig,
      this.limits,
      (n) => this.limitReached('SSH_max_string_length_exceeded', n, this.limits.maxStringLength),
      (weird, n, limit) => this.limitReached(weird, n, limit),
    );
    if (kex === undefined) {
      this.ctx.violation('truncated SSH KEXINIT');
      return;
    }

    this.negotiate(isOrig, kex);
    this.ctx.events.emit('ssh_capabilities', this.ctx.conn, kex.cookie, kex.capabilities);
  }

  /** With both KEXINITs seen, moves both directions to the agreed method's messages. */
  private negotiate(isOrig: boolean, kex: KexInit): void {
    const first = this.firstKex;
    if (first === undefined) {
      this.firstKex = { list: kex.kexList, isOrig };
      return;
    }
    if (first.isOrig === isOrig) return;

    const client = isOrig ? kex.kexList : first.list;
    const server = isOrig ? first.list : kex.kexList;
    const choice = chooseKex(client, server, this.limits.maxKexAlgorithms);
    if (choice === undefined) return;
    if (choice.state === undefined) {
      this.ctx.weird('ssh_unknown_kex_algorithm', choice.algorithm);
      return;
    }
    this.orig.state = choice.state;
    this.resp.state = choice.state;
  }

  private kexMessage(
    state: Exclude<SshState, 'encrypted' | 'version_exchange'>,
    isOrig: boolean,
    type: number,
    payload: Uint8Array,
  ): void {
    const r = this.reader(payload);
    const m = parseKexMessage(state, type, r);
    if (m === 'unexpected' || m === 'truncated') {
      this.ctx.violation(`${m} SSH key exchange message ${type}`);
      return;
    }

    const { conn, events } = this.ctx;
    if (m.eccKey !== undefined && events.has('ssh2_ecc_key')) {
      events.emit('ssh2_ecc_key', conn, isOrig, Uint8Array.from(m.eccKey));
    }
    if (m.dhGroup !== undefined && events.has('ssh2_dh_server_params')) {
      events.emit(
        'ssh2_dh_server_params',
        conn,
        Uint8Array.from(m.dhGroup.p),
        Uint8Array.from(m.dhGroup.g),
      );
    }
    if (m.hostKey !== undefined) this.hostKey(m.hostKey);
  }

  private hostKey(key: Uint8Array): void {
    const { conn, events } = this.ctx;
    if (events.has('ssh_server_host_key')) {
      events.emit('ssh_server_host_key', conn, md5Fingerprint(key));
    }
    if (events.has('ssh2_server_host_key')) {
      events.emit('ssh2_server_host_key', conn, Uint8Array.from(key));
    }
    events.emit('ssh_server_host_key_fingerprint', conn, sha256Fingerprint(key));
  }

  /** An SSH-1 packet: padding, type, data, CRC. Every type ends the clear-text phase. */
  private ssh1Packet(dir: SshDirection, isOrig: boolean, length: number, body: Uint8Array): void {
    const start = SSH1_BLOCK - (length % SSH1_BLOCK);
    const r = this.reader(body.subarray(start, body.length - SSH1_CRC_BYTES));
    const type = r.u8();
    dir.state = 'encrypted';
    if (type === SSH1_CMSG_SESSION_KEY) {
      this.ctx.confirm();
    } else if (type === SSH1_SMSG_PUBLIC_KEY && !isOrig) {
      this.ssh1HostKey(r);
    } else {
      this.ctx.violation(`unexpected SSH-1 message ${type}`);
    }
  }

  /**
   * Zeek reports an SSH-1 host key only to handlers of `ssh_server_host_key`, with the
   * fingerprint of modulus then exponent.
   */
  private ssh1HostKey(r: SshReader): void {
    const { conn, events } = this.ctx;
    const key = parseSsh1PublicKey(r);
    if (key === undefined || !events.has('ssh_server_host_key')) return;
    const digest = sha256(key.modulus, key.exponent);
    events.emit('ssh_server_host_key', conn, colonHex(digest.subarray(0, 16)));
    events.emit('ssh_server_host_key_fingerprint', conn, sha256Text(digest));
  }

  /** A segment (or its tail) after NEWKEYS: only its size is known. */
  private encryptedSegment(isOrig: boolean, length: number): void {
    const { conn, events } = this.ctx;
    if (events.has('ssh_encrypted_packet'))
      events.emit('ssh_encrypted_packet', conn, isOrig, length);
    if (this.version !== 2) return;

    const attempt = this.auth.segment(isOrig, length);
    if (attempt === undefined) return;
    events.emit('ssh_auth_attempted', conn, attempt.authenticated);
    if (!attempt.authenticated) return;
    events.emit('ssh_auth_successful', conn, attempt.methodNone);
    if (this.limits.disableAfterDetection) this.finished = true;
  }

  private reader(data: Uint8Array): SshReader {
    return new SshReader(
      data,
      (n) => this.limitReached('SSH_max_string_length_exceeded', n, this.limits.maxStringLength),
      this.limits.maxStringLength,
    );
  }

  /** A limit was hit: a weird with `value > limit`, and history `X`. */
  private limitReached(weird: string, value: number, limit: number): void {
    this.ctx.weird(weird, `${value} > ${limit}`);
    this.ctx.partial();
  }

  private fail(dir: SshDirection, reason: string): void {
    dir.dead = true;
    this.ctx.violation(reason);
  }
}

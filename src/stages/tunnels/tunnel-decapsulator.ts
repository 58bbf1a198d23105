import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { Connection } from '../connection.js';
import { PacketDecoder, type DecoderOptions } from '../decoder.js';
import { formatIp } from '../ip-address.js';
import { IpProtocol } from '../ip-protocol.js';
import { LinkType } from '../link-layer.js';
import { PacketFlag, PacketStatus, type PacketBatch } from '../packet-batch.js';
import { parseAyiya } from './ayiya.js';
import { Encapsulation, EncapsulatingConn } from './encapsulating-conn.js';
import { parseGeneve } from './geneve.js';
import { parseGre, type GreInfo } from './gre.js';
import { parseGtpv1 } from './gtpv1.js';
import { InTunnelReporter } from './in-tunnel-reporter.js';
import { checkInnerIp, type InnerIpCheck } from './inner-ip-check.js';
import { IpTunnelTable } from './ip-tunnel-table.js';
import { parseTeredo } from './teredo.js';
import { sideBit, TunnelConnState } from './tunnel-conn-state.js';
import { DEFAULT_TUNNEL_OPTIONS, type TunnelOptions } from './tunnel-options.js';
import { InnerLink, TunnelPayload } from './tunnel-payload.js';
import type { TunnelType } from './tunnel-type.js';
import { analyzerName, udpTunnelKind, type UdpTunnelKind } from './udp-tunnel-kind.js';
import { parseVxlan } from './vxlan.js';

/**
 * Tunnel decapsulation, run by the connection tracker as Zeek runs it: IP-in-IP and GRE
 * packets are unwrapped before any connection lookup (they have none of their own); a UDP
 * datagram is unwrapped after its connection counted it, by the tunnel that connection's
 * responder port (or its content) names, honouring that connection's tunnel state.
 *
 * Unwrapping re-points the packet's row at the inner packet and decodes it again, so the
 * tracker then handles it like any packet, with `encapsulation` naming the tunnels it came
 * through. When the row is done, its capture columns are put back to the whole frame (the
 * decode columns keep describing the innermost packet) and `batch.tunnel[i]` names the chain.
 * Inner fragments complete into a row of their own bytes, as on the wire.
 */

export interface DecapsulatorOptions {
  readonly weirds: ConnWeirdReporter;
  readonly events: EventBus<CoreEvents>;
  /** Gives IP-in-IP and GRE tunnels their uids. */
  readonly newUid: () => string;
  /** How inner packets are decoded (checksums, fragment limits); the reporter is ours. */
  readonly decoder?: Omit<DecoderOptions, 'reporter'>;
  readonly tunnels?: Partial<TunnelOptions>;
}

export class TunnelDecapsulator {
  private readonly opts: TunnelOptions;
  private readonly innerReporter: InTunnelReporter;
  private readonly inner: PacketDecoder;
  private readonly ipTunnels: IpTunnelTable;
  private readonly states = new WeakMap<Connection, TunnelConnState>();
  private readonly payload = new TunnelPayload();
  private readonly gre: GreInfo = { version: 0 };
  /** Set once a change went unreported; from then on every connection is checked. */
  private changeSuppressed = false;

  // The row under way.
  private chain: Encapsulation | undefined;
  private now = 0;
  private saved = false;
  private savedOffset = 0;
  private savedCaplen = 0;
  private savedWirelen = 0;
  private savedLinkType = 0;
  private savedFlags = 0;
  private innerBuf = 0;
  private innerOffset = 0;

  constructor(private readonly options: DecapsulatorOptions) {
    this.opts = { ...DEFAULT_TUNNEL_OPTIONS, ...options.tunnels };
    this.innerReporter = new InTunnelReporter(options.weirds);
    this.inner = new PacketDecoder({ ...options.decoder, reporter: this.innerReporter });
    this.ipTunnels = new IpTunnelTable(this.opts.ipTunnelTimeout, options.newUid);
  }

  /** IP-in-IP and GRE tunnels currently remembered. */
  get ipTunnelCount(): number {
    return this.ipTunnels.count;
  }

  /** The tunnels the current packet came through so far (undefined: none). */
  get encapsulation(): Encapsulation | undefined {
    return this.chain;
  }

  /** Starts work on row `i`, seen at network time `t`. */
  beginRow(t: number): void {
    this.chain = undefined;
    this.saved = false;
    this.now = t;
  }

  /** Whether the row's decoded packet is IP-in-IP or GRE (it then has no connection). */
  carriesIp(batch: PacketBatch, i: number): boolean {
    const p = batch.ipProto[i];
    return p === IpProtocol.IPv4 || p === IpProtocol.IPv6 || p === IpProtocol.GRE;
  }

  /** Unwraps an IP-in-IP or GRE packet; true if the row now holds a decoded inner packet. */
  decapsulateIp(batch: PacketBatch, i: number): boolean {
    const data = batch.data(i);
    const off = batch.offset[i] + batch.l4Offset[i];
    const len = batch.payloadLen[i];
    const out = this.payload;
    out.reset();
    if (batch.ipProto[i] === IpProtocol.GRE) return this.enterGre(batch, i, data, off, len);

    this.gre.version = 0;
    out.offset = off;
    out.length = len;
    return this.enterIpTunnel(batch, i, 'IP');
  }

  private enterGre(batch: PacketBatch, i: number, data: Buffer, off: number, len: number) {
    const weird = parseGre(data, off, len, this.payload, this.gre);
    if (weird !== undefined) {
      this.packetWeird(batch, i, weird, 'GRE', this.payload.addl);
      return false;
    }
    return this.enterIpTunnel(batch, i, 'GRE');
  }

  /** Zeek's IPTunnel step: depth, the inner header check of GRE version 1, the tunnel's uid. */
  private enterIpTunnel(batch: PacketBatch, i: number, type: TunnelType): boolean {
    if (this.depthExceeded()) {
      this.packetWeird(batch, i, 'exceeded_tunnel_max_depth', 'IPTUNNEL');
      return false;
    }
    const out = this.payload;
    const data = batch.data(i);
    if (this.gre.version !== 0) {
      const weird = innerIpWeird(checkInnerIp(data, out.offset, out.length, out.ipProto));
      if (weird !== undefined) {
        this.packetWeird(batch, i, weird, 'IPTUNNEL');
        return false;
      }
    }

    const l3 = batch.offset[i] + batch.l3Offset[i];
    const v6 = batch.ipVersion[i] === 6;
    const ec = this.ipTunnels.lookup(data, v6 ? l3 + 8 : l3 + 12, v6 ? l3 + 24 : l3 + 16,
      v6 ? 16 : 4, batch.ipProto[i], type, this.now);
    return this.enter(batch, i, ec, out.length);
  }

  /**
   * Unwraps the payload of a UDP datagram that `conn` just accounted for; true if the row
   * now holds a decoded inner packet.
   */
  decapsulateUdp(conn: Connection, batch: PacketBatch, i: number): boolean {
    const data = batch.data(i);
    const off = batch.offset[i] + batch.payloadOffset[i];
    const len = Math.min(batch.payloadLen[i], batch.payloadWireLen[i]);
    const kind = udpTunnelKind(conn.respPort, data, off, len);
    if (kind === undefined) return false;

    this.payload.reset();
    if (kind === 'GRE') return this.enterGre(batch, i, data, off, len);
    const state = this.stateOf(conn);
    const isOrig = isFromOrig(conn, batch, i);
    if (kind === 'GTPv1') return this.gtpv1(conn, state, isOrig, batch, i, off, len);
    if (state.isViolated(kind)) return false;
    if (this.depthExceeded()) {
      conn.markPartial();
      this.packetWeird(batch, i, 'exceeded_tunnel_max_depth', analyzerName(kind));
      return false;
    }

    const ok = parseUdpTunnel(kind, data, off, len, this.payload);
    if (ok && kind === 'TEREDO') this.validSide(conn, state, kind, isOrig);
    return this.finishUdp(conn, state, kind, batch, i, ok);
  }

  /** GTPv1 keeps no violation state and names its depth weird differently, as in Zeek. */
  private gtpv1(
    conn: Connection, state: TunnelConnState, isOrig: boolean, batch: PacketBatch, i: number,
    off: number, len: number,
  ): boolean {
    state.gtpValid &= ~sideBit(isOrig);
    if (this.depthExceeded()) {
      this.options.weirds.netWeird('tunnel_depth', this.now, undefined, 'GTPV1');
      return false;
    }
    const out = this.payload;
    const nested = this.chain?.last.type === 'GTPv1';
    const ok = nested ? out.fail('GTP-in-GTP') : parseGtpv1(batch.data(i), off, len, out);
    if (ok) this.validSide(conn, state, 'GTPv1', isOrig);
    return this.finishUdp(conn, state, 'GTPv1', batch, i, ok);
  }

  /** Teredo and GTPv1 confirm once both sides were valid, when so configured. */
  private validSide(
    conn: Connection, state: TunnelConnState, kind: 'TEREDO' | 'GTPv1', isOrig: boolean,
  ): void {
    const teredo = kind === 'TEREDO';
    const valid = (teredo ? state.teredoValid : state.gtpValid) | sideBit(isOrig);
    if (teredo) state.teredoValid = valid;
    else state.gtpValid = valid;
    const delay = teredo ? this.opts.delayTeredoConfirmation : this.opts.delayGtpConfirmation;
    if (!delay || valid === 3) this.payload.confirm = true;
  }

  /** Applies what the parser reported, then enters the tunnel if it found a packet. */
  private finishUdp(
    conn: Connection, state: TunnelConnState, kind: UdpTunnelKind, batch: PacketBatch, i: number,
    ok: boolean,
  ): boolean {
    const out = this.payload;
    if (out.confirm && state.confirm(kind)) addService(conn, analyzerName(kind).toLowerCase());
    if (out.weird !== undefined) this.tunnelWeird(conn, state, kind, batch, i);
    if (out.violation !== undefined) state.violate(kind);
    if (!ok) return false;

    const innerWire = batch.wirelen[i] - (batch.caplen[i] - out.length);
    return this.enter(batch, i, this.tunnelOf(conn, state, kind), innerWire);
  }

  private tunnelWeird(
    conn: Connection, state: TunnelConnState, kind: UdpTunnelKind, batch: PacketBatch, i: number,
  ): void {
    const out = this.payload;
    const name = out.weird!;
    const source = analyzerName(kind);
    if (out.weirdScope === 'packet') this.packetWeird(batch, i, name, source, out.addl);
    else if (out.weirdScope === 'conn' || state.isConfirmed(kind)) {
      this.options.weirds.connWeird(name, this.now, conn, out.addl, source);
    }
  }

  /** The tunnel `conn` is as a carrier of `kind`: its own id and uid. */
  private tunnelOf(conn: Connection, state: TunnelConnState, kind: UdpTunnelKind) {
    const known = state.asTunnel;
    if (known !== undefined && known.type === kind && known.origAddr === conn.origAddr) {
      return known;
    }
    const ec = new EncapsulatingConn(conn.origAddr, conn.origPort, conn.respAddr, conn.respPort,
      conn.ipProto, kind, conn.uid, true);
    state.asTunnel = ec;
    return ec;
  }

  /** Adds `ec` to the chain and decodes the payload the parser found in its place. */
  private enter(batch: PacketBatch, i: number, ec: EncapsulatingConn, wireLen: number): boolean {
    this.chain = Encapsulation.extend(this.chain, ec);
    this.repoint(batch, i, wireLen);
    this.innerReporter.insideTeredo = ec.type === 'TEREDO';
    this.inner.decodeRow(batch, i);
    return batch.status[i] === PacketStatus.Ok;
  }

  private repoint(batch: PacketBatch, i: number, wireLen: number): void {
    if (!this.saved) {
      this.saved = true;
      this.savedOffset = batch.offset[i];
      this.savedCaplen = batch.caplen[i];
      this.savedWirelen = batch.wirelen[i];
      this.savedLinkType = batch.linkType[i];
      this.savedFlags = batch.flags[i];
    }
    const out = this.payload;
    batch.offset[i] = out.offset;
    batch.caplen[i] = out.length;
    batch.wirelen[i] = wireLen;
    batch.linkType[i] = out.link === InnerLink.Ethernet ? LinkType.Ethernet : LinkType.Raw;
    this.innerBuf = batch.buf[i];
    this.innerOffset = out.offset;
  }

  /**
   * Ends the row: records its chain in `batch.tunnel[i]` and, unless inner reassembly gave the
   * row bytes of its own, points its capture columns back at the whole frame.
   */
  endRow(batch: PacketBatch, i: number): void {
    if (!this.saved) return;
    const tunnels = batch.tunnels;
    if (tunnels[tunnels.length - 1] !== this.chain) tunnels.push(this.chain);
    batch.tunnel[i] = tunnels.length - 1;
    batch.flags[i] |= this.savedFlags & PacketFlag.Reassembled;
    if (batch.buf[i] !== this.innerBuf || batch.offset[i] !== this.innerOffset) return;

    const delta = this.innerOffset - this.savedOffset;
    batch.l3Offset[i] += delta;
    batch.l4Offset[i] += delta;
    batch.payloadOffset[i] += delta;
    batch.offset[i] = this.savedOffset;
    batch.caplen[i] = this.savedCaplen;
    batch.wirelen[i] = this.savedWirelen;
    batch.linkType[i] = this.savedLinkType;
  }

  /** A new connection starts with the current packet's encapsulation. */
  attach(conn: Connection): void {
    const chain = this.chain;
    if (chain === undefined) return;
    this.stateOf(conn).current = chain;
    conn.encapsulation = chain;
    addParent(conn, chain);
  }

  /**
   * Zeek's check of a known connection's encapsulation against the current packet's: a
   * change raises `tunnel_changed` (up to `maxChangesPerConnection` times).
   */
  checkEncapsulation(conn: Connection): void {
    const chain = this.chain;
    if (chain === undefined && conn.encapsulation === undefined && !this.changeSuppressed) return;
    const state = this.stateOf(conn);
    if (state.current === chain) return;
    state.current = chain;

    const max = this.opts.maxChangesPerConnection;
    if (max !== 0 && state.changes >= max) {
      this.changeSuppressed = true;
      this.options.weirds.connWeird('tunnel_max_changes_per_connection_exceeded', this.now, conn,
        `${max}`);
      conn.markPartial();
      return;
    }
    state.changes++;
    conn.encapsulation = chain;
    if (chain !== undefined) addParent(conn, chain);
    this.options.events.emit('tunnel_changed', conn, chain?.toArray() ?? []);
  }

  private depthExceeded(): boolean {
    return (this.chain?.depth ?? 0) >= this.opts.maxDepth;
  }

  private stateOf(conn: Connection): TunnelConnState {
    let state = this.states.get(conn);
    if (state === undefined) {
      state = new TunnelConnState();
      this.states.set(conn, state);
    }
    return state;
  }

  /**
   * A weird about the row's packet at its current layer, naming its addresses; inside a
   * tunnel its name ends in `_in_tunnel`, as Zeek names packet weirds of inner packets.
   */
  private packetWeird(batch: PacketBatch, i: number, name: string, source: string, addl?: string) {
    const data = batch.data(i);
    const l3 = batch.offset[i] + batch.l3Offset[i];
    const version = batch.ipVersion[i];
    const src = formatIp(data, version === 6 ? l3 + 8 : l3 + 12, version);
    const dst = formatIp(data, version === 6 ? l3 + 24 : l3 + 16, version);
    const full = this.chain === undefined ? name : `${name}_in_tunnel`;
    this.options.weirds.flowWeird(full, this.now, src, dst, addl, source);
  }
}

function parseUdpTunnel(
  kind: UdpTunnelKind, d: Uint8Array, off: number, len: number, out: TunnelPayload,
): boolean {
  switch (kind) {
    case 'VXLAN':
      return parseVxlan(d, off, len, out);
    case 'GENEVE':
      return parseGeneve(d, off, len, out);
    case 'TEREDO':
      return parseTeredo(d, off, len, out);
    case 'AYIYA':
      return parseAyiya(d, off, len, out);
    default:
      return false;
  }
}

/** The weird Zeek's IPTunnel analyzer raises for a bad packet inside GRE version 1. */
function innerIpWeird(check: InnerIpCheck): string | undefined {
  switch (check) {
    case 'bad_protocol':
      return 'invalid_inner_IP_version';
    case 'too_small':
      return 'truncated_inner_IP';
    case 'too_large':
      return 'inner_IP_payload_length_mismatch';
    default:
      return undefined;
  }
}

/** Whether the row's packet came from the connection's originator. */
function isFromOrig(conn: Connection, batch: PacketBatch, i: number): boolean {
  if (batch.srcPort[i] !== conn.origPort) return false;
  const data = batch.data(i);
  const l3 = batch.offset[i] + batch.l3Offset[i];
  const src = batch.ipVersion[i] === 6 ? l3 + 8 : l3 + 12;
  const addr = conn.origAddr;
  for (let k = 0; k < addr.length; k++) if (addr[k] !== data[src + k]) return false;
  return true;
}

/** Zeek's conn script keeps the uid of every innermost tunnel a connection was seen in. */
function addParent(conn: Connection, chain: Encapsulation): void {
  const uid = chain.last.uid;
  if (uid === undefined) return;
  const parents = conn.tunnelParents ?? (conn.tunnelParents = []);
  if (!parents.includes(uid)) parents.push(uid);
}

/** A confirmed tunnel names the carrying connection's service, as Zeek's confirmation does. */
function addService(conn: Connection, service: string): void {
  if (!conn.services.includes(service)) conn.services.push(service);
}

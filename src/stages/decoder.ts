import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import {
  DEFAULT_FRAGMENT_LIMITS,
  DEFAULT_MAX_LINK_HEADERS,
  DEFAULT_REASSEMBLY_ARENA_BYTES,
} from '../config/decoder-defaults.js';
import type { FragmentLimits } from '../config/decoder-defaults.js';
import type { WeirdReporter } from '../events/weird-reporter.js';
import { DecodeContext } from './decode-context.js';
import { FragmentReassembler } from './ip-fragments.js';
import { IpLayerDecoder } from './ip-layer.js';
import { LINK_NOT_IP, LinkLayerDecoder } from './link-layer.js';
import { PacketBatch, PacketStatus } from './packet-batch.js';
import { ReassemblyArena } from './reassembly-arena.js';

/**
 * The decode stage: fills the decode columns of each `PacketBatch` (status, flags, layer
 * offsets, IP version and protocol, ports, TCP fields, payload extent, VLAN ids, flow hash)
 * by reading the packet bytes in place. It allocates nothing per packet, except when
 * reassembling fragments and when reporting weirds.
 */

export interface DecoderOptions {
  /** Receives every weird the decoder raises. */
  readonly reporter: WeirdReporter;
  /** Skip every checksum check (Zeek's -C). */
  readonly ignoreChecksums?: boolean;
  /** Fragment reassembly bounds; missing keys take `DEFAULT_FRAGMENT_LIMITS`. */
  readonly fragments?: Partial<FragmentLimits>;
  /** Link-layer hand-overs allowed per packet; default `DEFAULT_MAX_LINK_HEADERS`. */
  readonly maxLinkHeaders?: number;
  /** Size of the Buffers that hold reassembled datagrams; `DEFAULT_REASSEMBLY_ARENA_BYTES`. */
  readonly reassemblyArenaBytes?: number;
}

/**
 * Decodes batches. Keeps state across batches only for fragment reassembly and for the
 * once-per-link-type weird. A batch already marked `decoded` is passed over untouched.
 */
export class PacketDecoder {
  private readonly ctx: DecodeContext;
  private readonly link: LinkLayerDecoder;
  private readonly ip: IpLayerDecoder;
  private readonly fragments: FragmentReassembler;

  constructor(opts: DecoderOptions) {
    this.ctx = new DecodeContext(opts.reporter, opts.ignoreChecksums ?? false);
    this.link = new LinkLayerDecoder(opts.maxLinkHeaders ?? DEFAULT_MAX_LINK_HEADERS);
    const arena = new ReassemblyArena(opts.reassemblyArenaBytes ?? DEFAULT_REASSEMBLY_ARENA_BYTES);
    this.fragments = new FragmentReassembler(
      { ...DEFAULT_FRAGMENT_LIMITS, ...opts.fragments },
      arena,
    );
    this.ip = new IpLayerDecoder(this.fragments);
  }

  /** Fills the decode columns of every packet of `batch` and marks it decoded. */
  decodeBatch(batch: PacketBatch): void {
    if (batch.decoded) return;
    batch.tunnels.length = 0;
    for (let i = 0; i < batch.count; i++) this.decodeRow(batch, i);
    batch.decoded = true;
  }

  /** Packets seen per link type the decoder cannot read. */
  get unknownLinkTypeCounts(): ReadonlyMap<number, number> {
    return this.link.unknownLinkTypeCounts;
  }

  /** Datagrams waiting for fragments, and the payload bytes held for them. */
  get pendingFragmentDatagrams(): number {
    return this.fragments.pendingDatagrams;
  }

  get heldFragmentBytes(): number {
    return this.fragments.heldBytes;
  }

  /**
   * Fills the decode columns of row `i` from its capture columns. Tunnel decapsulation calls
   * this again after pointing the row at an encapsulated packet.
   *
   * A decoding bug must not stop the capture: it turns the packet into a weird
   * (`decoder_internal_error`) and the next packet is decoded as usual.
   */
  decodeRow(batch: PacketBatch, i: number): void {
    clearDecodeColumns(batch, i);
    const ctx = this.ctx;
    try {
      ctx.reset(batch, i);
      const off = this.link.findNetworkLayer(ctx, batch.linkType[i]);
      if (off >= 0) batch.status[i] = this.ip.decode(ctx, off);
      else batch.status[i] = off === LINK_NOT_IP ? PacketStatus.NotIp : PacketStatus.Malformed;
    } catch (err) {
      batch.status[i] = PacketStatus.Malformed;
      ctx.netWeird('decoder_internal_error', 'DECODER', err instanceof Error ? err.message : '');
    }
  }
}

function clearDecodeColumns(batch: PacketBatch, i: number): void {
  batch.status[i] = PacketStatus.Undecoded;
  batch.flags[i] = 0;
  batch.l3Offset[i] = 0;
  batch.ipVersion[i] = 0;
  batch.ipProto[i] = 0;
  batch.ipLen[i] = 0;
  batch.l4Offset[i] = 0;
  batch.srcPort[i] = 0;
  batch.dstPort[i] = 0;
  batch.tcpFlags[i] = 0;
  batch.seq[i] = 0;
  batch.ack[i] = 0;
  batch.window[i] = 0;
  batch.payloadOffset[i] = 0;
  batch.payloadLen[i] = 0;
  batch.payloadWireLen[i] = 0;
  batch.vlan[i] = 0;
  batch.innerVlan[i] = 0;
  batch.flowHash[i] = 0;
  batch.tunnel[i] = -1;
}

/** The decode stage as an object-mode Transform of `PacketBatch`es. */
export function createDecoder(opts: DecoderOptions): Transform {
  const decoder = new PacketDecoder(opts);
  return new Transform({
    objectMode: true,
    transform(batch: PacketBatch, _encoding: BufferEncoding, done: TransformCallback): void {
      decoder.decodeBatch(batch);
      done(null, batch);
    },
  });
}

/**
 * What the code generator knows about the packet while it walks the expression from left to
 * right: the link type in force, where the link-layer type field, the link payload and the
 * network header start, and the registers holding offsets known only per packet.
 *
 * `vlan`, `mpls`, `pppoes` and `geneve` move these offsets for every test generated after
 * them, whatever `not`/`or` surrounds them: libpcap keeps one such state for the whole
 * expression, and the filter language's documented quirks follow from that.
 */
import { FilterCompileError } from './errors.js';
import { filteringName as filteringNameFor, linkLayout, LinkType } from './link-types.js';
import { load, type Register, type Test, type Value } from './program.js';
import { radiotapLengthSteps, wlanPayloadSteps } from './wlan-offsets.js';

/** A byte offset from packet start: `k`, plus the value of `reg` when the offset varies. */
export interface Offset {
  readonly k: number;
  readonly reg?: Register;
}

export function shift(off: Offset, by: number): Offset {
  return off.reg === undefined ? { k: off.k + by } : { k: off.k + by, reg: off.reg };
}

export class CodegenState {
  /** Link type in force; `pppoes` switches Ethernet to PPP for what follows. */
  linkType: number;
  /** Offset of the link-layer type field; undefined when the link has none. */
  typeOffset: Offset | undefined;
  /** Offset of the link payload; undefined when the link type's payload is unknown. */
  payloadOffset: Offset | undefined;
  /** Bytes from the link payload to the network header (LLC/SNAP on 802.11, MPLS labels). */
  networkSkip = 0;
  vlanDepth = 0;
  mplsDepth = 0;
  /** Set once a Geneve header has been matched: later tests look inside the tunnel. */
  inGeneve = false;

  /** Statements that must run before the test (per-packet link header lengths). */
  readonly prologue: Test[] = [];
  private registers = 0;
  private linkHeaderReg: Register | undefined;
  /** Start of the frame inside a tunnel, once `geneve` has matched. */
  private tunnelHeader: Offset | undefined;
  private linkPayloadReg: Register | undefined;

  constructor(
    readonly outerLinkType: number,
    readonly netmask: number,
  ) {
    this.linkType = outerLinkType;
    const layout = linkLayout(outerLinkType);
    this.typeOffset = layout.typeOffset === undefined ? undefined : { k: layout.typeOffset };
    this.payloadOffset =
      layout.payloadOffset === undefined ? undefined : { k: layout.payloadOffset };
    if (layout.variable !== undefined) this.networkSkip = LLC_SNAP_LENGTH;
  }

  get registerCount(): number {
    return this.registers;
  }

  allocateRegister(): Register {
    return this.registers++;
  }

  /** Start of the link-layer header (after radiotap, when present). */
  linkHeader(): Offset {
    if (this.tunnelHeader !== undefined) return this.tunnelHeader;
    if (this.outerLinkType !== LinkType.IEEE802_11_RADIOTAP) return { k: 0 };
    if (this.linkHeaderReg === undefined) {
      this.linkHeaderReg = this.allocateRegister();
      this.prologue.push(...radiotapLengthSteps(this.linkHeaderReg));
    }
    return { k: 0, reg: this.linkHeaderReg };
  }

  /** Start of the link payload; an error if this link type has no known payload. */
  linkPayload(): Offset {
    if (this.payloadOffset !== undefined) return this.payloadOffset;
    if (!this.isWlan()) throw this.notImplemented();
    if (this.linkPayloadReg === undefined) {
      const header = this.linkHeader();
      this.linkPayloadReg = this.allocateRegister();
      this.prologue.push(...wlanPayloadSteps(this.linkPayloadReg, header));
    }
    this.payloadOffset = { k: 0, reg: this.linkPayloadReg };
    this.typeOffset = shift(this.payloadOffset, LLC_ETHERTYPE_OFFSET);
    return this.payloadOffset;
  }

  /** Later tests look inside a tunnel whose frame offsets live in registers. */
  enterTunnel(header: Register, type: Register, payload: Register): void {
    this.inGeneve = true;
    this.linkType = LinkType.ETHERNET;
    this.tunnelHeader = { k: 0, reg: header };
    this.typeOffset = { k: 0, reg: type };
    this.payloadOffset = { k: 0, reg: payload };
    this.networkSkip = 0;
  }

  /** Start of the network-layer header. */
  network(): Offset {
    return shift(this.linkPayload(), this.networkSkip);
  }

  /** True when the network header's position varies per packet (radiotap, 802.11, Geneve). */
  hasVariableNetwork(): boolean {
    return this.isWlan() || this.inGeneve;
  }

  isWlan(): boolean {
    return (
      this.outerLinkType === LinkType.IEEE802_11 ||
      this.outerLinkType === LinkType.IEEE802_11_RADIOTAP
    );
  }

  /** A load relative to `base`; a variable base adds its register to the index. */
  loadAt(base: Offset, k: number, size: 1 | 2 | 4, index?: Value): Value {
    if (base.reg === undefined) return load(size, base.k + k, index);
    const reg: Value = { kind: 'reg', reg: base.reg };
    const at =
      index === undefined
        ? reg
        : { kind: 'alu' as const, op: '+' as const, left: reg, right: index };
    return load(size, base.k + k, at);
  }

  notImplemented(): FilterCompileError {
    return new FilterCompileError(
      `${filteringNameFor(this.linkType)} link-layer type filtering not implemented`,
      0,
    );
  }
}

/** LLC (3 bytes) plus SNAP (5 bytes) in front of an 802.11 data frame's payload. */
const LLC_SNAP_LENGTH = 8;
/** The SNAP EtherType sits after the LLC header and the SNAP OUI. */
const LLC_ETHERTYPE_OFFSET = 6;

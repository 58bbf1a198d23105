/**
 * What a tunnel header parser found: where the encapsulated packet starts, how many of its
 * bytes are captured, and what its first header is. One instance is reused for every packet.
 */

/** The first header of an encapsulated packet. */
export const enum InnerLink {
  /** An IPv4 or IPv6 header (told apart by its version nibble). */
  Ip = 0,
  /** An Ethernet frame (VXLAN, Geneve, GRE bridging, ERSPAN). */
  Ethernet = 1,
}

export class TunnelPayload {
  /** Absolute offset of the encapsulated packet in the packet's Buffer. */
  offset = 0;
  /** Bytes of it that are captured and belong to it. */
  length = 0;
  link: InnerLink = InnerLink.Ip;
  /** IP protocol the tunnel header names for an IP payload (4 or 41), 0 if it names none. */
  ipProto = 0;
  /** Detail of the weird, for its `addl`. */
  addl: string | undefined = undefined;

  // What a UDP tunnel parser reports besides the payload.
  /** The header was valid: the carrying connection is confirmed as this tunnel. */
  confirm = false;
  /** Why the data is not this tunnel (Zeek's analyzer violation), if it is not. */
  violation: string | undefined = undefined;
  /** Name of the weird to raise, if any, and whom it is about. */
  weird: string | undefined = undefined;
  weirdScope: WeirdScope = 'packet';

  /** Clears the reports before a parser runs. */
  reset(): void {
    this.link = InnerLink.Ip;
    this.ipProto = 0;
    this.addl = undefined;
    this.confirm = false;
    this.violation = undefined;
    this.weird = undefined;
    this.weirdScope = 'packet';
  }

  /** Records a violation; returns false so parsers can `return out.fail(...)`. */
  fail(violation: string): false {
    this.violation = violation;
    return false;
  }

  /** Records a weird; returns false (nothing to forward). */
  report(weird: string, scope: WeirdScope = 'packet', addl?: string): false {
    this.weird = weird;
    this.weirdScope = scope;
    this.addl = addl;
    return false;
  }
}

/**
 * Whom a tunnel weird is about: the packet (its outer addresses, as Zeek's packet analyzers
 * report), the carrying connection, or the connection only once it is confirmed as this
 * tunnel (Zeek's Teredo analyzer stays quiet about traffic that may not be Teredo at all).
 */
export type WeirdScope = 'packet' | 'conn' | 'connIfConfirmed';

/**
 * The parsed form of a filter expression. Qualifiers are already resolved: a bare value after
 * `and`/`or` carries the qualifiers of the term before it, as libpcap's grammar does.
 */

export type Direction = 'src' | 'dst' | 'src or dst' | 'src and dst';

/** Address kind: what a value names (`host`, `net`, `port` ...). */
export type AddressKind = 'host' | 'net' | 'port' | 'portrange' | 'proto' | 'protochain';

export interface Qualifiers {
  /** Protocol qualifier (`ip`, `tcp`, `ether` ...), undefined when absent. */
  readonly proto?: string;
  readonly dir?: Direction;
  readonly addr?: AddressKind;
}

/** A value after qualifiers, as the lexer classified it. */
export type Identifier =
  | { readonly kind: 'number'; readonly value: number }
  /** Dotted IPv4 text with 1 to 4 parts (`192.168` is a /16). */
  | { readonly kind: 'ipv4'; readonly text: string }
  | { readonly kind: 'ipv4-cidr'; readonly text: string; readonly bits: number }
  | { readonly kind: 'ipv4-mask'; readonly text: string; readonly mask: string }
  | { readonly kind: 'ipv6'; readonly text: string; readonly bits: number }
  | { readonly kind: 'mac'; readonly bytes: readonly number[] }
  | { readonly kind: 'name'; readonly text: string };

export type Arith =
  | { readonly kind: 'number'; readonly value: number; readonly pos: number }
  | { readonly kind: 'len'; readonly pos: number }
  | {
      readonly kind: 'index';
      readonly proto: string;
      readonly index: Arith;
      readonly size: 1 | 2 | 4;
      readonly pos: number;
    }
  | {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
      readonly left: Arith;
      readonly right: Arith;
      readonly pos: number;
    }
  | { readonly kind: 'negate'; readonly operand: Arith; readonly pos: number };

export type RelOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | { readonly kind: 'not'; readonly operand: Expr; readonly pos: number }
  | {
      readonly kind: 'primitive';
      readonly q: Qualifiers;
      readonly id: Identifier;
      readonly pos: number;
    }
  /** A protocol name alone: `tcp`, `ip6`, `arp`. */
  | { readonly kind: 'protocol'; readonly name: string; readonly pos: number }
  | {
      readonly kind: 'relation';
      readonly op: RelOp;
      readonly left: Arith;
      readonly right: Arith;
      readonly pos: number;
    }
  | { readonly kind: 'broadcast' | 'multicast'; readonly proto?: string; readonly pos: number }
  | { readonly kind: 'less' | 'greater'; readonly value: number; readonly pos: number }
  | { readonly kind: 'inbound' | 'outbound'; readonly pos: number }
  /** `vlan`, `mpls`, `pppoes`, `geneve` with an optional number; `pppoed` without. */
  | {
      readonly kind: 'encap';
      readonly name: 'vlan' | 'mpls' | 'pppoes' | 'pppoed' | 'geneve';
      readonly value?: number;
      readonly pos: number;
    }
  /** 802.11 frame control tests: `type mgt subtype beacon` → value and mask of byte 0. */
  | {
      readonly kind: 'wlan-fc';
      readonly value: number;
      readonly mask: number;
      readonly pos: number;
    }
  | { readonly kind: 'wlan-dir'; readonly value: number; readonly pos: number };

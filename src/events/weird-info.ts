/** One weird occurrence, as the `weird` event carries it and weird.log records it. */
export interface WeirdInfo {
  /** Network time of the packet that showed it. */
  readonly ts: number;
  readonly name: string;
  /** The connection's uid, when the weird belongs to one. */
  readonly uid?: string;
  /** Addresses and ports, when known (flow weirds carry addresses with ports 0). */
  readonly origH?: string;
  readonly origP?: number;
  readonly respH?: string;
  readonly respP?: number;
  /** Extra detail, e.g. the value and the limit that was hit. */
  readonly addl?: string;
  /** The layer or analyzer that saw it (`IP`, `TCP`, `DNS`, ...), when it says. */
  readonly source?: string;
}

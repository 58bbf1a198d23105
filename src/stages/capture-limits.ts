/**
 * Bounds of the acquisition stage. Each protects memory or the reader's framing against damaged
 * or hostile capture files; each is overridable where the source is opened.
 */

/**
 * Largest captured length accepted for one packet. A larger `caplen` means the record header is
 * damaged: the reader raises a weird and stops, as libpcap does beyond its MAXIMUM_SNAPLEN
 * (the same 262144). Raising it lets a D-Bus or USB capture with huge records through.
 */
export const DEFAULT_MAX_PACKET_BYTES = 262_144;

/**
 * Size of the chunks read from the file. Packets that lie inside a chunk are handed on in place,
 * so a larger chunk means fewer copies of records that straddle two chunks; a batch keeps its
 * chunks alive until every stage is done with it.
 */
export const READ_CHUNK_BYTES = 1 << 20;

/**
 * Largest pcapng block accepted (libpcap's initial limit too). A larger block length is taken as
 * damage: no legitimate block needs it, and a bogus one would make the reader buffer the file.
 */
export const MAX_PCAPNG_BLOCK_BYTES = 16 << 20;

/** Room a pcapng packet block needs beyond its packet bytes (headers plus generous options). */
export const PCAPNG_BLOCK_OVERHEAD_BYTES = 128 << 10;

/** A batch indexes its backing buffers with a `Uint8Array`, so it can hold at most 256. */
export const MAX_BUFFERS_PER_BATCH = 256;

/** Batches the source reads ahead of its consumer (object-mode high-water mark). */
export const DEFAULT_SOURCE_HIGH_WATER_MARK = 4;

/** Snapshot length libpcap assumes when a header's value is bogus (0, or negative as an int). */
const MAXIMUM_SNAPLEN = 262_144;
const INT32_MAX = 0x7fffffff;

/** Link types whose records libpcap allows to exceed MAXIMUM_SNAPLEN, and their own maximum. */
const LARGE_SNAPLEN_LINK_TYPES: ReadonlyMap<number, number> = new Map([
  [231, 128 << 20], // D-Bus messages
  [279, 8 << 20], // EBHSCR (automotive bus recordings)
  [249, 1 << 20], // USBPcap
]);

/**
 * The snapshot length a file really has, as libpcap computes it: a header value of 0 or beyond
 * INT_MAX means "the maximum for the link type"; any other value stands, however large. Writers
 * copy this value, so a file we write carries the snaplen tcpdump would write for the same input.
 */
export function effectiveSnaplen(linkType: number, headerSnaplen: number): number {
  if (headerSnaplen !== 0 && headerSnaplen <= INT32_MAX) return headerSnaplen;
  return LARGE_SNAPLEN_LINK_TYPES.get(linkType) ?? MAXIMUM_SNAPLEN;
}

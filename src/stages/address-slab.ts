/**
 * Owned copies of IP addresses, carved out of shared slabs. A `new Uint8Array(4)` is three
 * objects to V8 (the view, its ArrayBuffer and the bytes) and every connection keeps two; a
 * view into a slab is one. The copies never change after they are made.
 *
 * A slab stays in memory while any address in it is referenced, so one long-lived connection
 * can keep a slab of short-lived neighbours' addresses alive: at most `SLAB_BYTES` per live
 * connection in the worst case, a few bytes per connection in practice.
 */

/** Bytes per slab: 64 IPv6 or 256 IPv4 addresses. */
const SLAB_BYTES = 1024;

export class AddressSlab {
  private slab = new ArrayBuffer(SLAB_BYTES);
  private used = 0;

  /** A copy of the `len` bytes (4 or 16) at `data[off]`. */
  copy(data: Uint8Array, off: number, len: number): Uint8Array {
    if (this.used + len > SLAB_BYTES) {
      this.slab = new ArrayBuffer(SLAB_BYTES);
      this.used = 0;
    }
    const out = new Uint8Array(this.slab, this.used, len);
    this.used += len;
    for (let k = 0; k < len; k++) out[k] = data[off + k];
    return out;
  }
}

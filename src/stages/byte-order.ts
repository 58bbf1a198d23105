/**
 * Field reads from packet bytes. Callers check the length first; these do no bounds checks
 * so V8 can inline them into the decode loop.
 */

/** Big-endian (network order) 16-bit value at `off`. */
export function be16(data: Uint8Array, off: number): number {
  return (data[off] << 8) | data[off + 1];
}

/** Big-endian 32-bit value at `off`, as an unsigned number. */
export function be32(data: Uint8Array, off: number): number {
  return ((data[off] << 24) | (data[off + 1] << 16) | (data[off + 2] << 8) | data[off + 3]) >>> 0;
}

/** Little-endian 32-bit value at `off`, as an unsigned number. */
export function le32(data: Uint8Array, off: number): number {
  return ((data[off + 3] << 24) | (data[off + 2] << 16) | (data[off + 1] << 8) | data[off]) >>> 0;
}

/**
 * An owned copy of bytes that are only a view into a packet or a reused buffer. Allocating the
 * array and setting it is a memory copy; `Uint8Array.from` walks the source as an iterable and
 * costs several times more, which shows where every segment or body chunk is copied.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * GREASE values (RFC 8701): reserved cipher suites, extensions, groups, versions and
 * signature algorithms that clients sprinkle in at random so servers stay tolerant. They
 * change from one connection to the next, so every fingerprint drops them.
 */

/** 0x0A0A, 0x1A1A, ... 0xFAFA: both bytes equal, each with low nibble 0xA. */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

export function withoutGrease(values: readonly number[]): number[] {
  return values.filter((v) => !isGrease(v));
}

/**
 * Text forms of IP addresses as Zeek logs them. Only called when a record is written, never
 * per packet.
 */

/** Dotted quad of the IPv4 address at `buf[off..off+4)`. */
export function formatIPv4(buf: Uint8Array, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/**
 * IPv6 text form following Zeek's writer: lower-case groups without leading zeros, the
 * longest run of two or more zero groups (the first on a tie) written as `::`, a dotted IPv4
 * tail for IPv4-compatible (`::a.b.c.d`) and IPv4-mapped (`::ffff:a.b.c.d`) addresses.
 * Zeek treats IPv4-mapped addresses as IPv4, so those are written as plain dotted quads.
 */
export function formatIPv6(buf: Uint8Array, off: number): string {
  const groups = new Array<number>(8);
  for (let g = 0; g < 8; g++) groups[g] = (buf[off + 2 * g] << 8) | buf[off + 2 * g + 1];

  if (isIPv4Mapped(groups)) return formatIPv4(buf, off + 12);
  const [runStart, runLen] = longestZeroRun(groups);
  const embedsIPv4 = runStart === 0 && (runLen === 6 || (runLen === 5 && groups[5] === 0xffff));
  const last = embedsIPv4 ? 6 : 8;

  let out = '';
  for (let g = 0; g < last; g++) {
    if (g === runStart) {
      out += '::';
      g += runLen - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(':')) out += ':';
    out += groups[g].toString(16);
  }
  if (embedsIPv4 && !isLoopbackOrUnspecified(groups)) {
    if (!out.endsWith(':')) out += ':';
    out += formatIPv4(buf, off + 12);
  } else if (embedsIPv4) {
    out = groups[7] === 0 ? '::' : `::${groups[7].toString(16)}`;
  }
  return out;
}

/** Formats the address at `off` of the given IP version. */
export function formatIp(buf: Uint8Array, off: number, version: number): string {
  return version === 4 ? formatIPv4(buf, off) : formatIPv6(buf, off);
}

function isIPv4Mapped(groups: number[]): boolean {
  for (let g = 0; g < 5; g++) if (groups[g] !== 0) return false;
  return groups[5] === 0xffff;
}

/** `::` and `::1` keep their short form instead of a dotted tail. */
function isLoopbackOrUnspecified(groups: number[]): boolean {
  return groups[6] === 0 && (groups[7] === 0 || groups[7] === 1);
}

/** Start and length of the longest run of at least two zero groups; [-1, 0] if none. */
function longestZeroRun(groups: number[]): [number, number] {
  let bestStart = -1;
  let bestLen = 0;
  for (let g = 0; g < 8; ) {
    if (groups[g] !== 0) {
      g++;
      continue;
    }
    let end = g;
    while (end < 8 && groups[end] === 0) end++;
    if (end - g > bestLen && end - g >= 2) [bestStart, bestLen] = [g, end - g];
    g = end;
  }
  return [bestStart, bestLen];
}

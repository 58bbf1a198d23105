/**
 * Which addresses count as local for `local_orig`/`local_resp`. By default the private and
 * special-purpose ranges (RFC 1918, loopback, link-local, CGNAT, documentation, local multicast,
 * unique-local IPv6, and the 6to4 forms of the IPv4 ranges), as a default Zeek installation
 * treats them.
 */

export const DEFAULT_LOCAL_NETWORKS: readonly string[] = [
  '0.0.0.0/8',
  '2002::/24',
  '10.0.0.0/8',
  '2002:a00::/24',
  '100.64.0.0/10',
  '2002:6440::/26',
  '127.0.0.0/8',
  '2002:7f00::/24',
  '169.254.0.0/16',
  '2002:a9fe::/32',
  '172.16.0.0/12',
  '2002:ac10::/28',
  '192.0.0.0/24',
  '2002:c000::/40',
  '192.0.2.0/24',
  '2002:c000:200::/40',
  '192.168.0.0/16',
  '2002:c0a8::/32',
  '198.18.0.0/15',
  '2002:c612::/31',
  '198.51.100.0/24',
  '2002:c633:6400::/40',
  '203.0.113.0/24',
  '2002:cb00:7100::/40',
  '224.0.0.0/24',
  '2002:e000::/40',
  '239.0.0.0/8',
  '2002:ef00::/24',
  '240.0.0.0/4',
  '2002:f000::/20',
  '255.255.255.255/32',
  '2002:ffff:ffff::/48',
  '::/128',
  '::1/128',
  '64:ff9b:1::/48',
  '100::/64',
  '2001::/23',
  '2001:2::/48',
  '2001:db8::/32',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
];

interface Prefix {
  readonly bytes: Uint8Array;
  readonly bits: number;
}

export class LocalNetworks {
  private readonly v4: Prefix[] = [];
  private readonly v6: Prefix[] = [];

  /** Parses CIDR strings; throws an Error naming the entry that is not a valid subnet. */
  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const prefix = parseCidr(cidr);
      (prefix.bytes.length === 4 ? this.v4 : this.v6).push(prefix);
    }
  }

  /** Whether any network is configured (Zeek leaves the columns unset otherwise). */
  get isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  contains(addr: Uint8Array): boolean {
    const list = addr.length === 4 ? this.v4 : this.v6;
    for (const p of list) if (matchesPrefix(addr, p)) return true;
    return false;
  }
}

function matchesPrefix(addr: Uint8Array, p: Prefix): boolean {
  const whole = p.bits >> 3;
  for (let k = 0; k < whole; k++) if (addr[k] !== p.bytes[k]) return false;
  const rest = p.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (addr[whole] & mask) === (p.bytes[whole] & mask);
}

/** Parses `a.b.c.d/n` or `x:y::z/n` (brackets allowed) into bytes and a prefix length. */
export function parseCidr(cidr: string): Prefix {
  const [rawAddr, rawBits] = cidr.replace(/[[\]]/g, '').split('/');
  const bytes = parseIp(rawAddr);
  const bits = rawBits === undefined ? bytes.length * 8 : Number(rawBits);
  if (bytes.length === 0 || !Number.isInteger(bits) || bits < 0 || bits > bytes.length * 8) {
    throw new Error(`not a valid subnet: '${cidr}'`);
  }
  return { bytes, bits };
}

/** Whether `cidr` is a subnet parseCidr takes (`10.0.0.0/8`, `[2001:db8::]/32`, `::1/128`). */
export function isSubnet(cidr: string): boolean {
  try {
    parseCidr(cidr);
    return true;
  } catch {
    return false;
  }
}

/** Parses an IPv4 or IPv6 address; returns an empty array if it is not one. */
export function parseIp(text: string): Uint8Array {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    return parts.every((n) => n <= 255) ? Uint8Array.from(parts) : new Uint8Array(0);
  }
  return parseIPv6(text);
}

function parseIPv6(text: string): Uint8Array {
  // A dotted IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
  const v4 = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4 !== null) {
    const b = parseIp(v4[2]);
    if (b.length !== 4) return new Uint8Array(0);
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    return parseIPv6(`${v4[1]}${hex(b[0], b[1])}:${hex(b[2], b[3])}`);
  }
  const halves = text.split('::');
  if (halves.length > 2) return new Uint8Array(0);
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const groups = [...head, ...tail];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return new Uint8Array(0);
  const missing = 8 - groups.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return new Uint8Array(0);

  const words = [
    ...head,
    ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'),
    ...tail,
  ];
  const out = new Uint8Array(16);
  words.forEach((w, k) => {
    const v = parseInt(w, 16);
    out[2 * k] = v >> 8;
    out[2 * k + 1] = v & 0xff;
  });
  return out;
}

/**
 * Qualified values (`src host 10.1.2.3`, `tcp port http`, `net 192.168`, `ip proto 47`):
 * picks the generator from the address kind and the value's form, as libpcap's gen_ncode,
 * gen_scode, gen_mcode and gen_ecode do.
 */
import type { Identifier, Qualifiers } from './ast.js';
import type { CodegenState } from './codegen-state.js';
import { FilterCompileError } from './errors.js';
import { isLinkProtocol } from './link-types.js';
import { ipv4Host, ipv6Host, protochain, protoPrimitive } from './gen-network.js';
import { macHost } from './gen-mac.js';
import { portRangeTest, portTest, type PortProtocols } from './gen-ports.js';
import { parseNumber } from './lexer.js';
import { ETHER_PROTOCOLS, IP_PROTOCOLS, SERVICES } from './names.js';
import type { Test } from './program.js';
import { ipv6Words, parseDotted, prefixMask, prefixMasks6 } from './addresses.js';

const PORT_MAX = 65535;
const IPV4_BITS = 32;
const IPV6_BITS = 128;

function fail(message: string): never {
  throw new FilterCompileError(message, 0);
}

export function primitive(s: CodegenState, q: Qualifiers, id: Identifier): Test {
  switch (q.addr) {
    case 'port':
      return port(s, q, id);
    case 'portrange':
      return portRange(s, q, id);
    case 'proto':
      return protoPrimitive(s, protocolNumber(q, id), q.proto);
    case 'protochain':
      return protochain(s, protocolNumber(q, id), q.proto);
    default:
      return hostOrNet(s, q, id);
  }
}

function portProtocols(q: Qualifiers): PortProtocols {
  switch (q.proto) {
    case undefined:
      return undefined;
    case 'tcp':
      return 6;
    case 'udp':
      return 17;
    case 'sctp':
      return 132;
    default:
      return fail(`illegal qualifier of '${q.addr}'`);
  }
}

/** A port number or service name, and the protocols the name is registered for. */
function resolvePort(text: string, protocols: PortProtocols): [number, PortProtocols] {
  if (/^[0-9]/.test(text)) return [checkPort(parseNumber(text)), protocols];
  const svc = SERVICES.get(text);
  if (svc === undefined) return fail(`unknown port '${text}'`);
  if (protocols === 6 && !svc.tcp) fail(`port '${text}' is udp`);
  if (protocols === 17 && !svc.udp) fail(`port '${text}' is tcp`);
  if (protocols !== undefined || (svc.tcp && svc.udp)) return [svc.port, protocols];
  return [svc.port, svc.tcp ? 6 : 17];
}

function checkPort(port: number): number {
  if (port > PORT_MAX) fail(`illegal port number ${port} > ${PORT_MAX}`);
  return port;
}

function port(s: CodegenState, q: Qualifiers, id: Identifier): Test {
  const protocols = portProtocols(q);
  if (id.kind === 'number') return portTest(s, checkPort(id.value), protocols, q.dir);
  if (id.kind !== 'name') return fail("illegal qualifier of 'port'");
  const [n, p] = resolvePort(id.text, protocols);
  return portTest(s, n, p, q.dir);
}

function portRange(s: CodegenState, q: Qualifiers, id: Identifier): Test {
  const protocols = portProtocols(q);
  if (id.kind === 'number')
    return portRangeTest(s, checkPort(id.value), id.value, protocols, q.dir);
  if (id.kind !== 'name') return fail("illegal qualifier of 'portrange'");
  const m = /^([^-]+)-([^-]+)$/.exec(id.text);
  if (m === null) return fail(`unknown port in range '${id.text}'`);
  const [lo] = resolvePort(m[1], protocols);
  const [hi] = resolvePort(m[2], protocols);
  return portRangeTest(s, lo, hi, protocols, q.dir);
}

function protocolNumber(q: Qualifiers, id: Identifier): number {
  if (id.kind === 'number') return id.value;
  if (id.kind !== 'name') return fail(`illegal qualifier of '${q.addr}'`);
  const link = isLinkProtocol(q.proto);
  const n = link ? ETHER_PROTOCOLS.get(id.text) : IP_PROTOCOLS.get(id.text);
  if (n === undefined) return fail(`unknown ${link ? 'ether' : 'ip'} proto '${id.text}'`);
  return n;
}

function hostOrNet(s: CodegenState, q: Qualifiers, id: Identifier): Test {
  const what = q.addr === 'net' ? 'net' : 'host';
  const isLink = isLinkProtocol(q.proto);
  if (id.kind === 'mac') {
    if (!isLink || q.addr === 'net') return fail('ethernet address used in non-ether expression');
    return macHost(s, id.bytes, q.dir);
  }
  if (isLink)
    return fail(
      id.kind === 'name' ? `unknown ether host '${id.text}'` : 'illegal link layer address',
    );
  switch (id.kind) {
    case 'number':
      return numericHost(s, q, id.value, what);
    case 'ipv4': {
      const [v, bits] = parseDotted(id.text);
      return ipv4Host(s, v, prefixMask(bits), q.proto, q.dir, what);
    }
    case 'ipv4-cidr':
      return ipv4Network(s, q, id.text, id.bits, `${id.text}/${id.bits}`);
    case 'ipv4-mask':
      return ipv4Masked(s, q, id.text, id.mask);
    case 'ipv6':
      return ipv6Network(s, q, id.text, id.bits, what);
    default:
      return fail(`unknown ${what === 'net' ? 'network' : 'host'} '${id.text}'`);
  }
}

/** A plain number: a host keeps it as is; a net moves it up to the first non-zero byte. */
function numericHost(s: CodegenState, q: Qualifiers, value: number, what: string): Test {
  let v = value >>> 0;
  let mask = 0xffffffff;
  if (q.addr === 'net') {
    while (v !== 0 && (v & 0xff000000) === 0) {
      v = (v << 8) >>> 0;
      mask = (mask << 8) >>> 0;
    }
  }
  return ipv4Host(s, v, mask, q.proto, q.dir, what);
}

function ipv4Network(
  s: CodegenState,
  q: Qualifiers,
  text: string,
  bits: number,
  shown: string,
): Test {
  if (bits > IPV4_BITS) fail(`mask length must be <= ${IPV4_BITS}`);
  return ipv4Masked(s, q, text, undefined, bits, shown);
}

function ipv4Masked(
  s: CodegenState,
  q: Qualifiers,
  text: string,
  maskText?: string,
  bits?: number,
  shown = `${text} mask ${maskText}`,
): Test {
  if (q.addr !== 'net') fail('Mask syntax for networks only');
  const [addr] = parseDotted(text);
  const mask = maskText !== undefined ? parseDotted(maskText)[0] : prefixMask(bits ?? IPV4_BITS);
  if ((addr & ~mask) !== 0) fail(`non-network bits set in "${shown}"`);
  return ipv4Host(s, addr, mask, q.proto, q.dir, 'net');
}

function ipv6Network(
  s: CodegenState,
  q: Qualifiers,
  text: string,
  bits: number,
  what: string,
): Test {
  if (bits > IPV6_BITS) fail(`mask length must be <= ${IPV6_BITS}`);
  if (q.addr !== 'net' && bits !== IPV6_BITS) fail('Mask syntax for networks only');
  const words = ipv6Words(text);
  const masks = prefixMasks6(bits);
  if (words.some((w, i) => (w & ~masks[i]) !== 0))
    fail(`non-network bits set in "${text}/${bits}"`);
  return ipv6Host(s, words, masks, q.proto, q.dir, what);
}

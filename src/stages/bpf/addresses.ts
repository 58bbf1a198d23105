/**
 * Address text as the filter language writes it: dotted IPv4 with 1 to 4 parts (`192.168`
 * names the /16), IPv6 text, and prefix masks for both.
 */
import { isIPv6 } from 'node:net';

import { FilterCompileError } from './errors.js';

const BYTE_MAX = 255;

/** The address with missing low bytes as zeros, and how many bits the text gave. */
export function parseDotted(text: string): [number, number] {
  const parts = text.split('.').map((p) => parseInt(p, 10));
  if (parts.some((p) => p > BYTE_MAX)) throw new FilterCompileError(`invalid address '${text}'`, 0);
  let v = 0;
  for (const p of parts) v = (v << 8) | p;
  const bits = parts.length * 8;
  return [bits === 32 ? v >>> 0 : (v << (32 - bits)) >>> 0, bits];
}

export function prefixMask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** The four 32-bit words of an IPv6 address, most significant first. */
export function ipv6Words(text: string): number[] {
  if (!isIPv6(text)) throw new FilterCompileError(`invalid IPv6 address '${text}'`, 0);
  const groups = expandIpv6(text);
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(((groups[i] << 16) | groups[i + 1]) >>> 0);
  return words;
}

function expandIpv6(text: string): number[] {
  let s = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4 !== null) {
    const [v] = parseDotted(v4[1]);
    s = s.slice(0, v4.index) + `${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const parse = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((g) => parseInt(g, 16));
  const h = parse(head);
  const t = parse(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - h.length - t.length).fill(0);
  return [...h, ...zeros, ...t];
}

export function prefixMasks6(bits: number): number[] {
  return [0, 1, 2, 3].map((i) => prefixMask(Math.max(0, Math.min(32, bits - 32 * i))));
}

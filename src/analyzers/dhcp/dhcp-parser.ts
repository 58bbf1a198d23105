/**
 * Parses one DHCP datagram (RFC 2131 section 2): the fixed BOOTP header, the magic cookie and
 * the options up to the end option. A message without an end option, or whose options run
 * past the datagram, is rejected whole, as Zeek rejects it.
 */
import { BoundedReader } from '../bounded-reader.js';
import { formatIp } from '../../stages/ip-address.js';
import { formatMac } from './mac-address.js';
import type { DhcpMessage, DhcpOptions } from './dhcp-message.js';
import { OPTION_READERS, trimTrailingNuls, type DhcpFlowState } from './dhcp-options.js';

/** The magic cookie that marks DHCP options (RFC 2131 section 3). */
export const DHCP_COOKIE = 0x63825363;
const CHADDR_BYTES = 16;
const SNAME_BYTES = 64;
const FILE_BYTES = 128;
const PAD_OPTION = 0;
const END_OPTION = 255;
const MESSAGE_TYPE_OPTION = 53;

export type DhcpParseResult =
  | { ok: true; message: DhcpMessage; options: DhcpOptions; problem?: string }
  | { ok: false; reason: string };

export function parseDhcp(data: Uint8Array, flow: DhcpFlowState): DhcpParseResult {
  const r = new BoundedReader(data);
  const header = readHeader(r);
  const cookie = r.u32();
  const parsed = readOptions(r, flow);
  if (r.overrun || parsed === undefined) return { ok: false, reason: 'truncated DHCP message' };
  if (cookie !== DHCP_COOKIE) return { ok: false, reason: `bad cookie (${cookie | 0})` };

  const message = { ...header, mType: parsed.mType };
  const problem = parsed.mType === 0 ? 'no DHCP message type option' : undefined;
  return { ok: true, message, options: parsed.options, problem };
}

function readHeader(r: BoundedReader): Omit<DhcpMessage, 'mType'> {
  const op = r.u8();
  r.skip(3);
  const xid = r.u32();
  const secs = r.u16();
  const flags = r.u16();
  const ciaddr = formatIp(r.bytes(4), 0, 4);
  const yiaddr = formatIp(r.bytes(4), 0, 4);
  const siaddr = formatIp(r.bytes(4), 0, 4);
  const giaddr = formatIp(r.bytes(4), 0, 4);
  const chaddr = formatMac(r.bytes(CHADDR_BYTES));
  const sname = trimTrailingNuls(r.bytes(SNAME_BYTES));
  const file = trimTrailingNuls(r.bytes(FILE_BYTES));
  return {
    op, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr,
    sname: sname.length > 0 ? sname : undefined,
    file: file.length > 0 ? file : undefined,
  };
}

/** The options and the message type; undefined when no end option comes before the end. */
function readOptions(r: BoundedReader, flow: DhcpFlowState) {
  const options: DhcpOptions = { options: [] };
  let mType: number | undefined;
  for (;;) {
    const code = r.u8();
    if (r.overrun) return undefined;
    if (code === END_OPTION) return { options, mType: mType ?? 0 };
    options.options.push(code);
    if (code === PAD_OPTION) continue;

    const length = r.u8();
    if (code === MESSAGE_TYPE_OPTION) {
      const value = r.u8();
      mType ??= value;
    } else {
      readOption(r, code, length, options, flow);
    }
  }
}

function readOption(
  r: BoundedReader, code: number, length: number, o: DhcpOptions, flow: DhcpFlowState,
): void {
  const reader = OPTION_READERS.get(code);
  if (reader === undefined) r.skip(length);
  else reader(r, length, o, flow);
}

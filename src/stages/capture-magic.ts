import type { CaptureFormat, FormatContext } from './capture-format.js';
import { CaptureFileError } from './capture-file-error.js';
import { PcapFormat, PcapMagic } from './pcap-format.js';
import { PcapngFormat } from './pcapng-format.js';

/** Bytes needed to tell the formats apart: a pcapng section header up to its byte-order magic. */
export const MAGIC_HEAD_BYTES = 12;

const MAGIC_BYTES = 4;
const PCAP_MAGICS: readonly PcapMagic[] = [PcapMagic.Micro, PcapMagic.Nano, PcapMagic.Patched];
const PCAPNG_SECTION_HEADER = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER_MAGICS: readonly number[] = [0x1a2b3c4d, 0x4d3c2b1a];

/**
 * Chooses the parser for a capture from its first bytes (`head` holds `MAGIC_HEAD_BYTES` of
 * them, or the whole input if shorter). Throws `CaptureFileError` when the input is no capture.
 */
export function detectCaptureFormat(
  head: Buffer,
  file: string,
  ctx: FormatContext,
): CaptureFormat {
  if (head.length === 0) throw new CaptureFileError(file, 'empty file (0 bytes)');
  if (head.length < MAGIC_BYTES) {
    throw new CaptureFileError(file, `too short to be a capture (${head.length} bytes)`);
  }

  const little = head.readUInt32LE(0);
  const big = head.readUInt32BE(0);
  for (const magic of PCAP_MAGICS) {
    if (little === magic) return new PcapFormat(ctx, { littleEndian: true, magic });
    if (big === magic) return new PcapFormat(ctx, { littleEndian: false, magic });
  }

  if (little === PCAPNG_SECTION_HEADER) return openPcapng(head, file, ctx);
  throw new CaptureFileError(file, `not a pcap or pcapng file (magic 0x${hex(big)})`);
}

/** A section header whose byte-order magic is unknown is not pcapng (libpcap agrees). */
function openPcapng(head: Buffer, file: string, ctx: FormatContext): CaptureFormat {
  if (head.length >= MAGIC_HEAD_BYTES) {
    const bom = head.readUInt32LE(8);
    if (!PCAPNG_BYTE_ORDER_MAGICS.includes(bom)) {
      const problem = `pcapng section header with unknown byte-order magic 0x${hex(bom)}`;
      throw new CaptureFileError(file, problem);
    }
  }
  return new PcapngFormat(ctx);
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

import { PacketDecoder } from '../../src/stages/decoder.js';
import type { DecoderOptions } from '../../src/stages/decoder.js';
import type { PacketBatch } from '../../src/stages/packet-batch.js';
import { batchOf, RecordingReporter } from './packet-builder.js';
import type { TestPacket } from './packet-builder.js';

export interface Decoded {
  batch: PacketBatch;
  reporter: RecordingReporter;
  decoder: PacketDecoder;
}

/** Decodes the packets as one batch with a recording reporter. */
export function decodePackets(
  packets: (Buffer | TestPacket)[],
  opts: Omit<DecoderOptions, 'reporter'> = {},
): Decoded {
  const reporter = new RecordingReporter();
  const decoder = new PacketDecoder({ ...opts, reporter });
  const batch = batchOf(packets);
  decoder.decodeBatch(batch);
  return { batch, reporter, decoder };
}

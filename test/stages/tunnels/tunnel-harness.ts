/**
 * Decoder, tracker and tunnel decapsulation wired as the pipeline wires them, with the
 * connections, weirds, tunnel changes and tunnel.log rows they produce kept for assertions.
 */
import { registerTunnelLog } from '../../../src/analyzers/tunnels/tunnel-log.js';
import { LikelyServerPorts } from '../../../src/analyzers/well-known-ports.js';
import { WeirdReporterImpl } from '../../../src/analyzers/weird/weird-log.js';
import { EventBus, type CoreEvents } from '../../../src/events/event-bus.js';
import type { WeirdInfo } from '../../../src/events/weird-info.js';
import { LogManager } from '../../../src/logging/log-manager.js';
import type { LogRecord } from '../../../src/logging/log-stream.js';
import { ConnTracker } from '../../../src/stages/conn-tracker.js';
import { UidGenerator } from '../../../src/stages/conn-uid.js';
import type { Connection } from '../../../src/stages/connection.js';
import { PacketDecoder } from '../../../src/stages/decoder.js';
import type { PacketBatch } from '../../../src/stages/packet-batch.js';
import { TunnelDecapsulator } from '../../../src/stages/tunnels/tunnel-decapsulator.js';
import type { TunnelOptions } from '../../../src/stages/tunnels/tunnel-options.js';
import { batchOf, type TestPacket } from '../../helpers/packet-builder.js';

export interface TunnelRun {
  readonly batch: PacketBatch;
  /** Connections in removal order. */
  readonly conns: Connection[];
  readonly weirds: WeirdInfo[];
  /** `tunnel_changed` events: the connection's uid and the new chain's uids. */
  readonly changes: { uid: string; chain: (string | undefined)[] }[];
  readonly tunnelLog: LogRecord[];
  readonly events: EventBus<CoreEvents>;
}

/** Runs the packets (one per second of network time unless they say) through the chain. */
export function runTunnels(
  packets: (Buffer | TestPacket)[],
  opts: { tunnels?: Partial<TunnelOptions>; ignoreChecksums?: boolean } = {},
): TunnelRun {
  const events = new EventBus<CoreEvents>();
  const run = record(events);
  const weirds = new WeirdReporterImpl(events);
  const uids = new UidGenerator(7);
  const decoderOptions = { ignoreChecksums: opts.ignoreChecksums ?? false };
  const tunnels = new TunnelDecapsulator({
    weirds, events, newUid: () => uids.next('C'), decoder: decoderOptions, tunnels: opts.tunnels,
  });
  const tracker = new ConnTracker({
    events, weirds, uids, tunnels, likelyServerPorts: LikelyServerPorts.forScripts(() => true),
  });
  registerTunnelLog(events, run.logs, () => tracker.networkTime);

  const batch = batchOf(packets);
  new PacketDecoder({ reporter: weirds, ...decoderOptions }).decodeBatch(batch);
  tracker.processBatch(batch);
  tracker.flush();
  return { ...run, batch };
}

function record(events: EventBus<CoreEvents>) {
  const conns: Connection[] = [];
  const weirds: WeirdInfo[] = [];
  const changes: TunnelRun['changes'] = [];
  const tunnelLog: LogRecord[] = [];
  events.on('connection_state_remove', (c) => conns.push(c));
  events.on('weird', (w) => weirds.push(w));
  events.on('tunnel_changed', (c, e) => changes.push({ uid: c.uid, chain: e.map((x) => x.uid) }));
  const logs = new LogManager();
  logs.addSink({
    openStream: () => undefined,
    write: (_spec, rec) => tunnelLog.push(rec) > 0,
    drain: async () => undefined,
    close: async () => undefined,
  });
  return { conns, weirds, changes, tunnelLog, logs, events };
}

/** The connection between the given originator and responder addresses. */
export function connBetween(run: TunnelRun, orig: string, resp: string): Connection | undefined {
  return run.conns.find((c) => c.origH === orig && c.respH === resp);
}

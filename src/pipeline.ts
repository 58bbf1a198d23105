/**
 * Builds and runs the standard chain: capture source -> (filter) -> decoder -> tracker, with
 * the built-in log handlers subscribed to the event bus and the log sinks behind them. Custom
 * stages from the configuration are inserted where the configuration lists them.
 */
import { isAbsolute, resolve } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';

import { AnalysisManager } from './analyzers/analysis-manager.js';
import { registerCommunityIdLogging } from './analyzers/community-id/community-id-logging.js';
import { communityIdOptionsFrom } from './analyzers/community-id/community-id-options.js';
import { registerConnLog } from './analyzers/conn/conn-log.js';
import { registerAnalyzerLog } from './analyzers/dpd/analyzer-log.js';
import { DpdPolicy, dpdOptionsFrom } from './analyzers/dpd/dpd-policy.js';
import { registerFilesLog } from './analyzers/files/files-log.js';
import { fileManagerFor } from './analyzers/files/file-service.js';
import { registerHttpLog } from './analyzers/http/http-log.js';
import { httpOptions, fileOptions } from './config/analyzer-options.js';
import { liveOptions } from './config/live-options.js';
import { registerDnsLog } from './analyzers/dns/dns-log.js';
import { registerFtpLog } from './analyzers/ftp/ftp-log.js';
import { ftpLogOptionsFrom } from './analyzers/ftp/ftp-options.js';
import { configuredAnalyzers } from './analyzers/registry.js';
import { registerSshLog } from './analyzers/ssh/ssh-log.js';
import { sshLogOptionsFrom } from './analyzers/ssh/ssh-options.js';
import { registerSslLog } from './analyzers/ssl/ssl-log.js';
import { registerTlsFingerprints } from './analyzers/tls-fingerprints/tls-fingerprint-log.js';
import { tlsFingerprintOptionsFrom } from './analyzers/tls-fingerprints/tls-fingerprint-options.js';
import { registerX509Log } from './analyzers/x509/x509-log.js';
import { registerTunnelLog } from './analyzers/tunnels/tunnel-log.js';
import { registerDhcpLog } from './analyzers/dhcp/dhcp-log.js';
import { registerIrcLog } from './analyzers/irc/irc-log.js';
import { registerNtpLog } from './analyzers/ntp/ntp-log.js';
import { registerSnmpLog } from './analyzers/snmp/snmp-log.js';
import { registerQuicLog } from './analyzers/quic/quic-log.js';
import { quicLogOptionsFrom } from './analyzers/quic/quic-options.js';
import { registerSmtpLog } from './analyzers/smtp/smtp-log.js';
import { smtpLogOptionsFrom } from './analyzers/smtp/smtp-options.js';
import { DEFAULT_LOCAL_NETWORKS, LocalNetworks } from './analyzers/conn/local-networks.js';
import { LikelyServerPorts } from './analyzers/well-known-ports.js';
import { registerWeirdLog, WeirdReporterImpl } from './analyzers/weird/weird-log.js';
import { ConfigError } from './config/config-error.js';
import type { CustomStageSpec, StageSpec, WirelogConfig } from './config/config.js';
import { EventBus, type CoreEvents } from './events/event-bus.js';
import { LogManager } from './logging/log-manager.js';
import { LogFileSink } from './sinks/log-file-sink.js';
import type { LogSink } from './sinks/sink.js';
import { fileLinkType, type CaptureInfo } from './stages/capture-format.js';
import { openCaptureFile } from './stages/capture-source.js';
import { ConnTracker, createConnTrackerStage } from './stages/conn-tracker.js';
import { UidGenerator } from './stages/conn-uid.js';
import { createDecoder } from './stages/decoder.js';
import type { PacketBatch } from './stages/packet-batch.js';
import { TunnelDecapsulator } from './stages/tunnels/tunnel-decapsulator.js';
import { ScriptSelection } from './script-selection.js';
import { PacketFilter } from './stages/filter.js';
import {
  buildFilterExpression,
  currentTime,
  DEFAULT_CAPTURE_FILTER,
  PACKET_FILTER_LOG,
  packetFilterRecord,
  type PacketFilterConfig,
} from './stages/packet-filter-config.js';
import { checkNotInput, createPcapTee } from './stages/pcap-writer.js';
import {
  LiveCaptureSource,
  openLiveCapture,
  type LiveCaptureInfo,
  type LiveCaptureStats,
} from './stages/live-source.js';

export interface RunOptions {
  /** Capture to read: a path, a `.gz` file, or `-` for standard input. */
  readonly readPath?: string;
  /** Capture live from an interface instead (`-i`); exactly one of the two is given. */
  readonly live?: LiveInput;
  readonly config: WirelogConfig;
  /** Scripts named on the command line, and whether only those run (`-b`). */
  readonly scripts: ScriptSelection;
  /** A filter expression replacing the configured ones (`-f`). */
  readonly filter?: string;
  /** Write the packets that pass the filter to this pcap file (`-w`). */
  readonly writePath?: string;
  /** Extra sinks (e.g. Kafka) next to the log files. */
  readonly extraSinks?: readonly LogSink[];
  /** Called with the event bus before packets flow, to subscribe user handlers. */
  readonly onEvents?: (events: EventBus<CoreEvents>, logs: LogManager) => void;
}

/** A live capture to run: the interface, and how to stop it. */
export interface LiveInput {
  readonly iface: string;
  /** Aborting it stops the capture; every open connection is then flushed and logs close. */
  readonly signal?: AbortSignal;
  /** Called once the interface is open and packets may arrive. */
  readonly onOpen?: (info: LiveCaptureInfo) => void;
}

export interface RunSummary {
  /** What the live source counted (live input only). */
  readonly capture?: LiveCaptureStats;
  readonly packets: number;
  readonly bytes: number;
  readonly weirds: ReadonlyMap<string, number>;
  readonly records: ReadonlyMap<string, number>;
}

/** What a custom stage's factory receives besides its own options. */
export interface StageContext {
  readonly config: WirelogConfig;
  readonly events: EventBus<CoreEvents>;
  readonly logs: LogManager;
}

/** Runs the whole pipeline over one capture; resolves when every log is closed. */
export async function runPipeline(opts: RunOptions): Promise<RunSummary> {
  const { config } = opts;
  // Before any output is created: -w must not empty the capture it would copy from.
  if (opts.writePath !== undefined && opts.readPath !== undefined) {
    checkNotInput(opts.writePath, opts.readPath);
  }
  const events = new EventBus<CoreEvents>();
  const weirds = new WeirdReporterImpl(events, {
    threshold: config.weird.sampling_threshold,
    rate: config.weird.sampling_rate,
    duration: config.weird.sampling_duration,
  });
  const expression = buildFilterExpression(filterConfig(config, opts.filter));
  // Parsed before any output exists: an expression that does not parse ends the run at once.
  const filter = userlandFilter(opts, expression, weirds);

  const logs = new LogManager();
  if (config.logs.write_files) {
    logs.addSink(
      new LogFileSink({
        dir: config.logs.dir,
        format: config.logs.format,
        json: { timestamps: config.logs.json_timestamps },
      }),
    );
  }
  for (const sink of opts.extraSinks ?? []) logs.addSink(sink);

  const clock: NetworkClock = { tracker: undefined };
  registerBuiltinLogs(opts.scripts, events, logs, config, weirds, clock);
  opts.onEvents?.(events, logs);

  const installed = filterLogger(opts, logs, expression);
  const source = openSource(opts, weirds, expression, installed);
  const context: StageContext = { config, events, logs };
  const stages = [
    ...packetStages(opts, source, filter, installed),
    ...(await buildStages(config.pipeline.stages, context, weirds, opts.scripts, clock)),
  ];
  const counter = { packets: 0, bytes: 0 };

  try {
    await pipeline([source, ...stages, drainInto(logs, counter)]);
    events.emit('zeek_done');
  } finally {
    await logs.close();
  }
  const capture = source instanceof LiveCaptureSource ? source.stats : undefined;
  return { ...counter, capture, weirds: weirds.counts, records: logs.recordCounts };
}

/** A source of batches that can tell a pcap writer its link type and snaplen. */
type PacketSource = Readable & { readonly captureInfo: CaptureInfo | undefined };

/**
 * The capture file, or the live interface. A live capture gets the filter in force: the kernel
 * applies it, so no filter stage follows (see `packetStages`).
 */
function openSource(
  opts: RunOptions,
  weirds: WeirdReporterImpl,
  expression: string,
  installed: () => void,
): PacketSource {
  const { config } = opts;
  if ((opts.live === undefined) === (opts.readPath === undefined)) {
    throw new ConfigError('give exactly one input: a capture file or a live interface');
  }
  if (opts.live !== undefined) {
    return openLiveCapture(opts.live.iface, {
      ...liveOptions(config),
      filter: expression === DEFAULT_CAPTURE_FILTER ? '' : expression,
      signal: opts.live.signal,
      onOpen: (info) => {
        installed();
        opts.live?.onOpen?.(info);
      },
    });
  }
  return openCaptureFile(opts.readPath as string, {
    batchSize: config.input.batch_size,
    maxPacketBytes: config.input.max_packet_bytes,
    reporter: weirds,
  });
}

/**
 * The filter a file's packets go through, or none when the filter keeps everything. A live
 * capture's filter runs in the kernel instead. Throws FilterSyntaxError for an expression that
 * does not parse.
 */
function userlandFilter(
  opts: RunOptions,
  expression: string,
  weirds: WeirdReporterImpl,
): PacketFilter | undefined {
  if (expression === DEFAULT_CAPTURE_FILTER || opts.live !== undefined) return undefined;
  return new PacketFilter({ expression, reporter: weirds });
}

/**
 * Writes the filter in force to packet_filter.log once it is installed, as Zeek logs it at
 * start-up: wall-clock time, `init` set. A filter that cannot be installed ends the run before
 * this is called (in Zeek a fatal error at start-up), so no record ever claims a filter that
 * was not installed.
 */
function filterLogger(opts: RunOptions, logs: LogManager, expression: string): () => void {
  if (!opts.scripts.loads('base/frameworks/packet-filter')) return () => {};
  logs.createStream(PACKET_FILTER_LOG);
  const record = () =>
    packetFilterRecord({
      ts: currentTime(),
      filter: expression,
      init: true,
      node: opts.config.sensor.name,
    });
  return () => logs.write(PACKET_FILTER_LOG.path, record());
}

/**
 * The filter stage, when a file's packets are filtered, and the pcap copy of the packets that
 * pass it (`-w`). `installed` is called once the filter is known to apply to the capture.
 */
function packetStages(
  opts: RunOptions,
  source: PacketSource,
  filter: PacketFilter | undefined,
  installed: () => void,
): Transform[] {
  const stages: Transform[] = [];
  // The default filter keeps every packet of any link type; a live one is installed on opening.
  if (filter !== undefined) stages.push(filterStage(filter, source, installed));
  else if (opts.live === undefined) installed();
  if (opts.writePath !== undefined) stages.push(createPcapTee(opts.writePath, { from: source }));
  return stages;
}

/**
 * A filter stage that refuses, as tcpdump does, a capture whose link type it cannot filter: the
 * first packet's, or the file's when it has no packet.
 */
function filterStage(filter: PacketFilter, source: PacketSource, installed: () => void): Transform {
  let checked = false;
  const check = (linkType: number | undefined) => {
    checked = true;
    if (linkType === undefined) return;
    filter.check(linkType);
    installed();
  };
  return new Transform({
    objectMode: true,
    transform(batch: PacketBatch, _enc, done) {
      try {
        if (!checked && batch.count > 0) check(batch.linkType[0]);
        filter.filterBatch(batch);
        done(null, batch.count > 0 ? batch : undefined);
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        if (!checked) check(fileLinkType(source.captureInfo));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

function filterConfig(config: WirelogConfig, override: string | undefined): PacketFilterConfig {
  const f = config.filter;
  return {
    captureFilters: f.capture_filters,
    restrictFilters: f.restrict_filters,
    excludes: f.excludes,
    unrestrictedFilter: f.unrestricted_filter || undefined,
    restrictedFilter: f.restricted_filter || undefined,
    defaultCaptureFilter: f.default_capture_filter,
    override,
  };
}

/** Every log stream the given selection declares, by path (for `consume` and `schema`). */
export function declaredStreams(scripts: ScriptSelection, config: WirelogConfig) {
  const logs = new LogManager();
  const events = new EventBus<CoreEvents>();
  registerBuiltinLogs(scripts, events, logs, config, new WeirdReporterImpl(events), {
    tracker: undefined,
  });
  if (scripts.loads('base/frameworks/packet-filter')) logs.createStream(PACKET_FILTER_LOG);
  return new Map(logs.declaredStreams.map((spec) => [spec.path, spec]));
}

/** Network time for log handlers, read from the tracker once there is one. */
interface NetworkClock {
  tracker: ConnTracker | undefined;
}

function registerBuiltinLogs(
  scripts: ScriptSelection,
  events: EventBus<CoreEvents>,
  logs: LogManager,
  config: WirelogConfig,
  weirds: WeirdReporterImpl,
  clock: NetworkClock,
): void {
  const local = new LocalNetworks(
    config.site.local_networks === 'default' ? DEFAULT_LOCAL_NETWORKS : config.site.local_networks,
  );
  if (scripts.loads('base/protocols/conn')) registerConnLog(events, logs, local);
  // Zeek loads the analyzer framework, and with it analyzer.log, even in bare mode.
  registerAnalyzerLog(events, logs, config.dpd.failure_data_max_size);
  if (scripts.loads('base/protocols/dhcp')) registerDhcpLog(events, logs, weirds);
  if (scripts.loads('base/protocols/irc')) registerIrcLog(events, logs, weirds);
  if (scripts.loads('base/protocols/ntp')) registerNtpLog(events, logs);
  if (scripts.loads('base/protocols/snmp')) registerSnmpLog(events, logs);
  if (scripts.loads('base/protocols/quic')) {
    registerQuicLog(events, logs, weirds, quicLogOptionsFrom(config));
  }
  if (scripts.loads('base/protocols/dns')) registerDnsLog(events, logs);
  if (scripts.loadsWeirdLog()) registerWeirdLog(events, logs, config.sensor.name);
  // Protocols that carry files load the files framework, as their Zeek scripts do.
  const carriesFiles = [
    'base/frameworks/files',
    'base/protocols/ftp',
    'base/protocols/http',
    'base/protocols/irc',
    'base/protocols/smtp',
  ];
  if (carriesFiles.some((s) => scripts.loads(s))) {
    const seed = config.logs.uid_seed;
    const fileIds = new UidGenerator(seed === 0 ? undefined : seed + 1);
    registerFilesLog(
      events,
      logs,
      local,
      fileIds,
      fileOptions(config, scripts.loads('base/files/hash')),
    );
  }
  if (scripts.loads('base/protocols/http')) {
    registerHttpLog(events, logs, weirds, httpOptions(config));
  }
  if (scripts.loads('base/protocols/ssh')) {
    registerSshLog({ events, logs, local, weirds, options: sshLogOptionsFrom(config) });
  }
  if (scripts.loads('base/protocols/smtp')) {
    registerSmtpLog(events, logs, weirds, smtpLogOptionsFrom(config));
  }
  if (scripts.loads('base/protocols/ftp')) {
    registerFtpLog({ events, logs, weirds, options: ftpLogOptionsFrom(config) });
  }
  // The SSL scripts load the X.509 ones, as in Zeek.
  const ssl = scripts.loads('base/protocols/ssl');
  if (ssl || scripts.loads('base/files/x509')) registerX509Log(events, logs);
  if (ssl) {
    registerSslLog(events, logs);
    registerTlsFingerprints(events, logs, tlsFingerprintOptionsFrom(config));
  }
  if (scripts.loads('base/frameworks/tunnels')) {
    registerTunnelLog(
      events,
      logs,
      () => clock.tracker?.networkTime ?? 0,
      config.tunnels.expiration_interval,
    );
  }
  // Last: it appends its column to the logs declared above.
  registerCommunityIdLogging(events, logs, communityIdOptionsFrom(config));
}

async function buildStages(
  specs: readonly StageSpec[],
  context: StageContext,
  weirds: WeirdReporterImpl,
  scripts: ScriptSelection,
  clock: NetworkClock,
): Promise<Transform[]> {
  const { config, events } = context;
  const stages: Transform[] = [];
  for (const spec of specs) {
    if (typeof spec !== 'string') {
      stages.push(await loadCustomStage(spec, context));
    } else if (spec === 'decoder') {
      stages.push(createDecoder({ reporter: weirds, ...decoderOptions(config) }));
    } else if (spec === 'tracker') {
      const analyzers = configuredAnalyzers(config).filter((a) => scripts.loads(a.script));
      const analysis = new AnalysisManager(
        analyzers,
        events,
        context.logs,
        weirds,
        {
          maxReassemblyBytes: config.tracker.max_reassembly_bytes,
          maxScheduledAnalyzers: config.tracker.max_scheduled_analyzers,
        },
        new DpdPolicy(dpdOptionsFrom(config)),
      );
      const uids = new UidGenerator(config.logs.uid_seed === 0 ? undefined : config.logs.uid_seed);
      const tracker = new ConnTracker({
        events,
        weirds,
        analysis,
        uids,
        likelyServerPorts: LikelyServerPorts.forScripts((s) => scripts.loads(s)),
        maxConnections: config.tracker.max_connections,
        timeouts: trackerTimeouts(config),
        tunnels: decapsulator(config, context, weirds, uids),
        networkTimers: fileManagerFor(events),
      });
      clock.tracker = tracker;
      stages.push(createConnTrackerStage(tracker));
    } else {
      throw new ConfigError(
        `pipeline.stages: unknown stage '${spec}' (built-in: decoder, tracker)`,
      );
    }
  }
  return stages;
}

function decoderOptions(config: WirelogConfig) {
  return {
    ignoreChecksums: config.decoder.ignore_checksums,
    fragments: {
      maxBytes: config.decoder.fragments.max_bytes,
      maxDatagrams: config.decoder.fragments.max_datagrams,
      timeoutSeconds: config.decoder.fragments.timeout,
    },
  };
}

function decapsulator(
  config: WirelogConfig,
  context: StageContext,
  weirds: WeirdReporterImpl,
  uids: UidGenerator,
): TunnelDecapsulator {
  const t = config.tunnels;
  return new TunnelDecapsulator({
    weirds,
    events: context.events,
    newUid: () => uids.next('C'),
    decoder: decoderOptions(config),
    tunnels: {
      maxDepth: t.max_depth,
      ipTunnelTimeout: t.ip_tunnel_timeout,
      maxChangesPerConnection: t.max_changes_per_connection,
      delayTeredoConfirmation: t.delay_teredo_confirmation,
      delayGtpConfirmation: t.delay_gtp_confirmation,
    },
  });
}

function trackerTimeouts(config: WirelogConfig) {
  const t = config.tracker.timeouts;
  return {
    tcpSynTimeout: t.tcp_syn_timeout,
    tcpSessionTimer: t.tcp_session_timer,
    tcpConnectionLinger: t.tcp_connection_linger,
    tcpAttemptDelay: t.tcp_attempt_delay,
    tcpCloseDelay: t.tcp_close_delay,
    tcpInactivityTimeout: t.tcp_inactivity_timeout,
    udpInactivityTimeout: t.udp_inactivity_timeout,
    icmpInactivityTimeout: t.icmp_inactivity_timeout,
    unknownIpInactivityTimeout: t.unknown_ip_inactivity_timeout,
  };
}

/** Loads `{ module, options }`: the module exports `createStage(options, context)`. */
async function loadCustomStage(spec: CustomStageSpec, context: StageContext): Promise<Transform> {
  const path = isAbsolute(spec.module) ? spec.module : resolve(spec.module);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(
      `pipeline.stages: cannot load module ${spec.module}: ${(err as Error).message}`,
    );
  }
  const factory = (mod.createStage ?? mod.default) as unknown;
  if (typeof factory !== 'function') {
    throw new ConfigError(`pipeline.stages: ${spec.module} exports no createStage function`);
  }
  const stage = (factory as (o: unknown, c: StageContext) => unknown)(spec.options ?? {}, context);
  if (!(stage instanceof Transform)) {
    throw new ConfigError(
      `pipeline.stages: ${spec.module}'s createStage did not return a Transform`,
    );
  }
  return stage;
}

/** The end of the chain: counts packets and waits for slow sinks between batches. */
function drainInto(logs: LogManager, counter: { packets: number; bytes: number }): Writable {
  return new Writable({
    objectMode: true,
    write(batch: PacketBatch, _enc, done) {
      counter.packets += batch.count;
      for (let i = 0; i < batch.count; i++) counter.bytes += batch.wirelen[i];
      logs.drain().then(() => done(), done);
    },
  });
}

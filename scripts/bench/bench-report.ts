import type { PcapCensus } from './pcap-census.js';
import type { ToolMeasurement } from './tool-measurement.js';

/** Throughput of one tool, per CPU second: CPU time is what a shared machine measures well. */
export interface ToolRates {
  readonly cpuSeconds: number;
  readonly usPerPacket: number;
  readonly packetsPerCpuSecond: number;
  /** Capture-file megabytes (10^6 bytes) read per CPU second. */
  readonly mbPerCpuSecond: number;
  readonly wallSeconds: number;
  readonly peakRssMib: number;
}

/** What wirelog's runs came to: measured, or why not. */
export type WirelogStatus = 'measured' | 'missing';

/** Everything one bench run found; written as JSON and printed as lines. */
export interface BenchResult {
  readonly date: string;
  readonly capture: { readonly file: string } & PcapCensus;
  readonly runs: number;
  readonly filterExpression: string;
  readonly wirelogStatus: WirelogStatus;
  /** Rates by tool name: tcpdump always, wirelog and wirelog_filtered when measured. */
  readonly tools: Readonly<Record<string, ToolRates>>;
  /** wirelog's median CPU time over tcpdump's; null when wirelog was not measured. */
  readonly wirelogCpuToTcpdump: number | null;
  /** Filtered minus unfiltered median CPU time, per packet of the capture, in µs. */
  readonly filterDeltaUsPerPacket: number | null;
  readonly host: { readonly cpus: number; readonly cpuModel: string; readonly node: string };
  readonly measurements: readonly ToolMeasurement[];
}

const MICROSECONDS = 1e6;
const MEGABYTE = 1e6;
const KIB_PER_MIB = 1024;

export function ratesOf(measurement: ToolMeasurement, census: PcapCensus): ToolRates {
  const cpuSeconds = measurement.medianCpuSeconds;
  const perCpuSecond = (amount: number) => (cpuSeconds > 0 ? amount / cpuSeconds : 0);

  return {
    cpuSeconds,
    usPerPacket: census.packets > 0 ? (cpuSeconds * MICROSECONDS) / census.packets : 0,
    packetsPerCpuSecond: perCpuSecond(census.packets),
    mbPerCpuSecond: perCpuSecond(census.bytes / MEGABYTE),
    wallSeconds: measurement.medianWallSeconds,
    peakRssMib: measurement.medianPeakRssKib / KIB_PER_MIB,
  };
}

/**
 * CPU time of one tool over another's; null when the other's time is below GNU time's
 * 10 ms resolution, where any ratio would be noise.
 */
export function cpuRatio(tool: ToolRates, floor: ToolRates): number | null {
  return floor.cpuSeconds > 0 ? tool.cpuSeconds / floor.cpuSeconds : null;
}

/** Per-packet cost of the filter: the filtered run's extra CPU time over every packet. */
export function filterDeltaUsPerPacket(
  filtered: ToolRates,
  unfiltered: ToolRates,
  packets: number,
): number {
  if (packets === 0) return 0;
  return ((filtered.cpuSeconds - unfiltered.cpuSeconds) * MICROSECONDS) / packets;
}

/**
 * One line per finding, `bench KIND key=value ...`, so `grep '^bench tool name=wirelog '`
 * and `cut`/`awk` on key=value pairs get any number without parsing prose.
 */
export function benchLines(result: BenchResult): string[] {
  const { capture } = result;
  const lines = [
    `bench capture file=${capture.file} packets=${capture.packets} bytes=${capture.bytes}` +
      ` runs=${result.runs}`,
  ];

  for (const [name, rates] of Object.entries(result.tools)) lines.push(toolLine(name, rates));
  if (result.wirelogStatus === 'missing') lines.push('bench tool name=wirelog status=missing');

  const floor = result.tools.tcpdump;
  for (const [name, rates] of Object.entries(result.tools)) {
    const ratio = name === 'tcpdump' || floor === undefined ? null : cpuRatio(rates, floor);
    if (ratio !== null) lines.push(`bench ratio ${name}_cpu_to_tcpdump=${ratio.toFixed(2)}`);
  }
  return lines;
}

function toolLine(name: string, rates: ToolRates): string {
  return [
    `bench tool name=${name} status=measured`,
    `cpu_s=${rates.cpuSeconds.toFixed(3)}`,
    `us_per_packet=${rates.usPerPacket.toFixed(3)}`,
    `packets_per_cpu_s=${Math.round(rates.packetsPerCpuSecond)}`,
    `mb_per_cpu_s=${rates.mbPerCpuSecond.toFixed(1)}`,
    `wall_s=${rates.wallSeconds.toFixed(3)}`,
    `peak_rss_mib=${rates.peakRssMib.toFixed(1)}`,
  ].join(' ');
}

/** What `bench network` keeps (results.json) and the summary a reader wants: each path beside direct. */
import { type EngineNetworkResults, engineNetworkSummary } from './network-tpch-report';
import { median } from './summary';

export const networkPaths = ['direct', 'punched', 'relayed'] as const;
export type NetworkPath = (typeof networkPaths)[number];

export interface OverlaySetup {
  mode: 'punched' | 'relayed';
  /** From the join command to the overlay up, on the slower side (both had observed before). */
  joinMs: number;
}

export interface ThroughputSample {
  path: NetworkPath;
  repeat: number;
  bytes: number;
  ms: number;
}

export interface RoundTripSample {
  path: NetworkPath;
  repeat: number;
  count: number;
  size: number;
  medianUs: number;
  p95Us: number;
}

export interface NetworkResults {
  startedAt: string;
  finishedAt?: string;
  repeat: number;
  bytes: number;
  roundTrips: { count: number; size: number };
  /** The host's CPUs and 1-minute load average before and after: the run's noise. */
  host: { cpus: number; loadBefore: number; loadAfter?: number };
  overlays: OverlaySetup[];
  throughput: ThroughputSample[];
  rtt: RoundTripSample[];
  /** TPC-H queries on distributed engines, direct against isolated (network-tpch.ts), when asked for. */
  engines?: EngineNetworkResults;
}

const MIB = 1024 * 1024;
const mibPerS = (sample: ThroughputSample) => sample.bytes / MIB / (sample.ms / 1000);

/** Per path: median throughput and RTT over the repeats, and each as a ratio of direct's. */
export function networkFigures(results: NetworkResults) {
  return networkPaths.map((path) => {
    const rates = results.throughput.filter((s) => s.path === path).map(mibPerS);
    const trips = results.rtt.filter((s) => s.path === path);
    return {
      path,
      mibPerS: median(rates),
      minMibPerS: Math.min(...rates),
      maxMibPerS: Math.max(...rates),
      medianUs: median(trips.map((s) => s.medianUs)),
      p95Us: median(trips.map((s) => s.p95Us)),
    };
  });
}

const WHAT: Record<NetworkPath, string> = {
  direct: 'TCP over loopback inside worker 0’s namespace, client and engine in two processes',
  punched:
    'worker 0’s client → agent on member 1’s alias → one multiplexed stream over the punched TCP connection (both NATs) → agent of worker 1 → engine on its real port',
  relayed: 'the same, with the pair’s transport spliced through the reflector in the public namespace',
};

export function networkSummary(results: NetworkResults): string {
  const figures = networkFigures(results);
  const direct = figures[0];
  const ratio = (value: number, base: number) => (value / base).toFixed(2);
  const rows = figures.map(
    (f) =>
      `| ${f.path} | ${f.mibPerS.toFixed(0)} (${f.minMibPerS.toFixed(0)}–${f.maxMibPerS.toFixed(0)}) | ${ratio(f.mibPerS, direct.mibPerS)} | ` +
      `${f.medianUs.toFixed(0)} | ${ratio(f.medianUs, direct.medianUs)} | ${f.p95Us.toFixed(0)} | ${ratio(f.p95Us, direct.p95Us)} |`,
  );
  const load = `${results.host.loadBefore.toFixed(1)} → ${results.host.loadAfter?.toFixed(1) ?? '?'}`;
  return [
    `# Overlay against direct loopback (${results.repeat} repeat${results.repeat === 1 ? '' : 's'}, interleaved)`,
    '',
    `Throughput: ${results.bytes / MIB} MiB one way, from the first byte to the sink's count of all of them (MiB/s, median over the repeats, min–max). ` +
      `Round trips: ${results.roundTrips.count} of ${results.roundTrips.size} bytes on one connection per repeat (µs, median over the repeats of each repeat's median and p95). ` +
      '"× direct" is the path\'s figure over direct\'s: below 1 is slower for throughput, above 1 slower for round trips.',
    '',
    '| path | MiB/s | × direct | RTT median µs | × direct | RTT p95 µs | × direct |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...figures.map((f) => `- **${f.path}**: ${WHAT[f.path]}.`),
    `- Overlays up in ${results.overlays.map((o) => `${o.joinMs} ms (${o.mode})`).join(', ')}.`,
    `- Host: ${results.host.cpus} CPUs, 1-minute load ${load}.`,
    '',
    ...(results.engines ? [engineNetworkSummary(results.engines)] : []),
  ].join('\n');
}

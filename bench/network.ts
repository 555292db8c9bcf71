/**
 * `npm run bench -- network`: what the overlay costs an engine's connection, against direct
 * loopback, side by side in one run. Two workers of the isolation lab (network-rig.ts); each repeat
 * measures every path in turn (the order rotates per repeat, so none always goes first): a
 * fixed-size transfer, then small round trips. Root, `ip` and `nft`, as the isolated mode.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeStaleNamespaces } from '../src/platforms/isolated-network';
import type { LabProcess } from '../test/overlay/lab-process';
import { buildLab, leftovers, requireLabTools } from '../test/overlay/netns';
import { type NetworkPath, type NetworkResults, networkPaths, networkSummary } from './network-report';
import { type Rig, startRig } from './network-rig';
import { rotated } from './side-by-side';

/** The bench's namespaces: `mqnb<pid>-…`, so a later run removes those of a run that was killed. */
const NAMESPACE_TAG = 'mqnb';

export interface NetworkOptions {
  repeat: number;
  bytes: number;
  roundTrips: { count: number; size: number };
  log: (line: string) => void;
}

export async function runNetworkBench(options: NetworkOptions, folder: string): Promise<NetworkResults> {
  if (process.getuid?.() !== 0) throw new Error('bench network builds network namespaces: run it as root');
  requireLabTools();
  removeStaleNamespaces(NAMESPACE_TAG);
  const prefix = `${NAMESPACE_TAG}${process.pid}`;
  const lab = buildLab(prefix, 2);
  // Killed by a signal (cli.ts exits on SIGINT/SIGTERM), the teardown below never runs: this does.
  const teardownAtExit = () => lab.teardown();
  process.once('exit', teardownAtExit);
  const started: LabProcess[] = [];
  let results: NetworkResults | undefined;
  let failure: unknown;
  try {
    results = await measureAll(await startRig(lab, started), options, folder);
  } catch (error) {
    failure = error;
  }
  await Promise.all(started.map((child) => child.stop()));
  process.removeListener('exit', teardownAtExit);
  lab.teardown();
  const left = leftovers(prefix);
  if (left.length > 0) {
    throw new Error(`namespaces left after the bench: ${left.join(', ')} (delete with \`ip netns del\`)`, {
      cause: failure,
    });
  }
  if (!results) throw failure;
  return results;
}

async function measureAll(rig: Rig, options: NetworkOptions, folder: string): Promise<NetworkResults> {
  const results: NetworkResults = {
    startedAt: new Date().toISOString(),
    repeat: options.repeat,
    bytes: options.bytes,
    roundTrips: options.roundTrips,
    host: { cpus: os.cpus().length, loadBefore: os.loadavg()[0] },
    overlays: rig.overlays,
    throughput: [],
    rtt: [],
  };
  for (let repeat = 1; repeat <= options.repeat; repeat++) {
    for (const way of rotated(networkPaths, repeat - 1)) {
      await measurePath(rig, way, repeat, options, results);
      save(folder, results);
    }
  }
  results.finishedAt = new Date().toISOString();
  results.host.loadAfter = os.loadavg()[0];
  save(folder, results);
  writeFileSync(path.join(folder, 'summary.md'), networkSummary(results));
  return results;
}

async function measurePath(
  rig: Rig,
  way: NetworkPath,
  repeat: number,
  options: NetworkOptions,
  results: NetworkResults,
): Promise<void> {
  const { sink, echo } = rig.targets[way];
  rig.client.send({ measure: 'throughput', to: sink, bytes: options.bytes });
  const { ms } = await rig.client.next<{ ms: number }>('throughput', 300_000);
  results.throughput.push({ path: way, repeat, bytes: options.bytes, ms });
  rig.client.send({ measure: 'rtt', to: echo, ...options.roundTrips });
  const trips = await rig.client.next<{ medianUs: number; p95Us: number }>('rtt', 300_000);
  results.rtt.push({ path: way, repeat, ...options.roundTrips, ...trips });
  const rate = options.bytes / 1024 / 1024 / (ms / 1000);
  options.log(
    `#${repeat} ${way}: ${rate.toFixed(0)} MiB/s, RTT median ${trips.medianUs.toFixed(0)} µs, p95 ${trips.p95Us.toFixed(0)} µs`,
  );
}

/** Rewritten after every path, so a run cut short keeps what it measured. */
function save(folder: string, results: NetworkResults): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
}

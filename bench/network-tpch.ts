/**
 * The TPC-H part of `npm run bench -- network`: a few queries on distributed engines, each run cold
 * through metaq on workers that reach each other directly, and on isolated workers (their own
 * namespaces behind NATs, METAQ_NETWORK=isolated) joined by punched and by relayed transports.
 * Each repeat runs every path of a query in turn, the order rotated per repeat; every answer is
 * checked against DuckDB's tpch extension. What the overlay costs an engine is the query phase's
 * ratio (the engine's own traffic between workers) and the whole run's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../src/config';
import { engineTraits } from '../src/engines/registry';
import { startRuntime } from '../src/local/runtime';
import { type EngineName, engineNames } from '../src/plan/types';
import { installBench, tpchExtensionPath } from './install';
import { runCold } from './measure';
import { type NetworkResults, networkSummary } from './network-report';
import { type EngineNetworkRun, type EnginePath, enginePaths } from './network-tpch-report';
import type { ColdRun } from './results';
import { rotated, withSettings } from './side-by-side';
import { prepareTpch } from './tpch/data';
import { querySql } from './tpch/queries';
import { openReference, type ScaleFactor } from './tpch/reference';

/** The settings each path runs with, in this process and so in every worker it launches. */
const PATH_SETTINGS: Record<EnginePath, Record<string, string | undefined>> = {
  direct: { METAQ_NETWORK: 'direct', METAQ_OVERLAY: undefined },
  punched: { METAQ_NETWORK: 'isolated', METAQ_OVERLAY: 'punched' },
  relayed: { METAQ_NETWORK: 'isolated', METAQ_OVERLAY: 'relayed' },
};

export interface EngineNetworkOptions {
  engines: EngineName[];
  queries: string[];
  sf: ScaleFactor;
  workers: number;
  memoryMb: number;
  repeat: number;
  log: (line: string) => void;
}

/**
 * Runs the TPC-H part into `results.engines`, rewriting results.json and summary.md in `folder`
 * after every run, so a run cut short keeps what it measured. Starts (and stops) the local runtime.
 */
export async function runEngineNetworkBench(
  options: EngineNetworkOptions,
  results: NetworkResults,
  folder: string,
): Promise<void> {
  const single = options.engines.find((engine) => !engineTraits(engine).distributed);
  if (single) {
    const distributed = engineNames.filter((engine) => engineTraits(engine).distributed);
    throw new Error(
      `--engines: ${single} runs on one worker, so nothing of it crosses the network; choose from ${distributed.join(', ')}, or none`,
    );
  }
  installBench(settings().enginesDir, options.log);
  const engines = {
    sf: options.sf,
    workers: options.workers,
    repeat: options.repeat,
    runs: [] as EngineNetworkRun[],
  };
  results.engines = engines;
  const runtime = await startRuntime();
  try {
    await measureEngineNetwork(options, (run) => {
      engines.runs.push(run);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
      writeFileSync(path.join(folder, 'summary.md'), networkSummary(results));
    });
  } finally {
    await runtime.stop();
  }
}

/** Every engine, query, repeat and path; `saved` gets each run as it ends. Needs the runtime started. */
export async function measureEngineNetwork(
  options: EngineNetworkOptions,
  saved: (run: EngineNetworkRun) => void,
): Promise<void> {
  const { enginesDir } = settings();
  // Registers the tables in the catalog: the queries name them.
  await prepareTpch(tpchExtensionPath(enginesDir), options.sf, options.log);
  const reference = await openReference(enginesDir, tpchExtensionPath(enginesDir), options.sf);
  try {
    for (const engine of options.engines) {
      for (const query of options.queries) {
        for (let repeat = 1; repeat <= options.repeat; repeat++) {
          for (const path of rotated(enginePaths, repeat - 1)) {
            const measure = { ...options, engine, spares: 0, reference, queries: [query] };
            const cold = await withSettings(PATH_SETTINGS[path], () =>
              runCold(measure, querySql(query, engine), { engine, workers: options.workers, query, repeat }),
            );
            const run = networkRun(cold, path);
            saved(run);
            options.log(`${engine} ×${options.workers} ${query} #${repeat} ${path}: ${describe(run)}`);
          }
        }
      }
    }
  } finally {
    reference.close();
  }
}

function networkRun(cold: ColdRun, path: EnginePath): EngineNetworkRun {
  return {
    engine: cold.engine as EngineName,
    query: cold.query,
    path,
    repeat: cold.repeat,
    ok: cold.ok,
    error: cold.error,
    queryId: cold.queryId,
    totalMs: cold.timings.totalMs,
    startMs: cold.timings.startMs,
    queryMs: cold.timings.queryMs,
  };
}

const seconds = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;

function describe(run: EngineNetworkRun): string {
  if (!run.ok) return `FAILED ${run.error}`;
  return `${seconds(run.totalMs)} (engine start ${seconds(run.startMs)}, query ${seconds(run.queryMs)})`;
}

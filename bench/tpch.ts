/**
 * One TPC-H benchmark run on the embedded default: data into the local S3 and the catalog, then
 * for each engine and worker count the cold/warm measurement, then the straggler experiment.
 */
import os from 'node:os';
import { settings } from '../src/config';
import { engineTraits } from '../src/engines/registry';
import { startRuntime } from '../src/local/runtime';
import type { BenchEngine } from './engines';
import { tpchExtensionPath } from './install';
import { measureEngine } from './measure';
import type { BenchResults, Machine } from './results';
import { stragglerExperiment } from './straggler';
import { prepareTpch } from './tpch/data';
import { openReference, type ScaleFactor } from './tpch/reference';

export interface StragglerSettings {
  query: string;
  spares: number[];
  trials: number;
  delayMs: number;
  share: number;
  seed: number;
}

export interface TpchOptions {
  sf: ScaleFactor;
  engines: BenchEngine[];
  workers: number[];
  repeat: number;
  /** Left to metaq's optimizer when not given. */
  spares?: number;
  memoryMb: number;
  queries: string[];
  straggler?: StragglerSettings;
  log: (line: string) => void;
}

/** Needs `installBench` first; runs in the metaq home that METAQ_HOME names. */
export async function runTpch(options: TpchOptions): Promise<BenchResults> {
  const { sf, log } = options;
  const { enginesDir } = settings();
  const results: BenchResults = {
    benchmark: 'tpch',
    date: new Date().toISOString(),
    sf,
    repeat: options.repeat,
    memoryMb: options.memoryMb,
    queries: options.queries,
    machine: machine(),
    notes: [],
    runs: [],
    straggler: [],
  };
  const note = (line: string) => {
    results.notes.push(line);
    log(line);
  };
  const runtime = await startRuntime();
  try {
    const tables = await prepareTpch(tpchExtensionPath(enginesDir), sf, log);
    const reference = await openReference(enginesDir, tpchExtensionPath(enginesDir), sf);
    try {
      for (const engine of options.engines) {
        for (const workers of workerCounts(engine, options.workers, note)) {
          const warm = await engine.startWarm({ tables, memoryMb: options.memoryMb, workers });
          try {
            const measured = { ...options, engine, workers, reference };
            results.runs.push(...(await measureEngine(measured, warm)));
          } finally {
            await warm.stop();
          }
          if (options.straggler) {
            const trials = await stragglerExperiment({
              ...options.straggler,
              engine,
              workers,
              memoryMb: options.memoryMb,
              reference,
              log,
            });
            results.straggler.push(...trials);
          }
        }
      }
    } finally {
      reference.close();
    }
  } finally {
    await runtime.stop();
  }
  results.machine.loadAfter = os.loadavg()[0];
  return results;
}

/** A single-process engine takes exactly one worker: other counts become 1, with a note. */
function workerCounts(engine: BenchEngine, wanted: number[], note: (line: string) => void): number[] {
  if (engineTraits(engine.name).distributed) return [...new Set(wanted)];
  if (wanted.some((count) => count !== 1)) {
    note(`${engine.name} runs in one process: measured with 1 worker (asked for ${wanted.join(', ')})`);
  }
  return [1];
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadBefore: os.loadavg()[0],
  };
}

/**
 * One TPC-H benchmark run on the embedded default: data into the local S3 and the catalog, then
 * for each engine and worker count the cold/warm measurement, then the straggler experiment.
 */
import os from 'node:os';
import { settings } from '../src/config';
import { engineTraits } from '../src/engines/registry';
import { startRuntime } from '../src/local/runtime';
import type { EngineName } from '../src/plan/types';
import { tpchExtensionPath } from './install';
import { measureEngine } from './measure';
import type { BenchResults, Machine, Run } from './results';
import { type StragglerSettings, stragglerExperiment } from './straggler';
import { prepareTpch } from './tpch/data';
import { openReference, type ScaleFactor } from './tpch/reference';
import { startWarm as startWarmEngine, type WarmEngine, type WarmSetup } from './warm';

export interface TpchOptions {
  sf: ScaleFactor;
  engines: EngineName[];
  workers: number[];
  repeat: number;
  /** Left to metaq's optimizer when not given. */
  spares?: number;
  memoryMb: number;
  queries: string[];
  straggler?: StragglerSettings;
  log: (line: string) => void;
  /** Called with the results so far after each engine and worker count (a long run keeps what ran). */
  checkpoint?: (results: BenchResults) => void;
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
    warmStarts: [],
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
          const warm = await startWarm(engine, { tables, memoryMb: options.memoryMb, workers }, note);
          if (warm.startupMs !== undefined) {
            results.warmStarts?.push({ engine, workers, ms: warm.startupMs });
            log(`${engine} ×${workers}: warm engine started in ${(warm.startupMs / 1000).toFixed(2)} s`);
          }
          const before = [...results.runs];
          try {
            const progress = (runs: Run[]) => {
              results.runs = [...before, ...runs];
              options.checkpoint?.(results);
            };
            const measured = { ...options, engine, workers, reference, progress };
            results.runs = [...before, ...(await measureEngine(measured, warm))];
          } finally {
            await warm.stop();
          }
          options.checkpoint?.(results);
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

/** A warm engine that fails to start fails each warm run with its reason; the cold runs still run. */
async function startWarm(
  engine: EngineName,
  setup: WarmSetup,
  note: (line: string) => void,
): Promise<WarmEngine> {
  try {
    return await startWarmEngine(engine, setup);
  } catch (error) {
    note(`the warm ${engine} ×${setup.workers} did not start: ${String(error).slice(0, 500)}`);
    return {
      run: () => Promise.reject(new Error(`the warm engine did not start: ${String(error).slice(0, 200)}`)),
      clear: async () => undefined,
      stop: async () => undefined,
    };
  }
}

/** A single-process engine takes exactly one worker: other counts become 1, with a note. */
function workerCounts(engine: EngineName, wanted: number[], note: (line: string) => void): number[] {
  if (engineTraits(engine).distributed) return [...new Set(wanted)];
  if (wanted.some((count) => count !== 1)) {
    note(`${engine} runs in one process: measured with 1 worker (asked for ${wanted.join(', ')})`);
  }
  return [1];
}

export function machine(): Machine {
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

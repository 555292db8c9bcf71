/**
 * `npm run bench -- startup`: where each engine's startup goes, and what a lever changes, in one run.
 * For every engine and every variant (a name and the settings it runs with, e.g.
 * `full-jit:METAQ_JVM_QUICK_START=0`), one TPC-H query `repeat` times cold through metaq and warm on
 * an engine started under the same settings, answers checked (measure.ts). Each cold run's history
 * record gives its timeline (startup-timeline.ts): workers launched and ready, the rendezvous, each
 * engine process spawned and ready as the head marked it (src/engines/startup-marks.ts), the query.
 */
import os from 'node:os';
import { settings } from '../src/config';
import { engineTraits } from '../src/engines/registry';
import { getRecord } from '../src/history/store';
import { startRuntime } from '../src/local/runtime';
import type { EngineName } from '../src/plan/types';
import { tpchExtensionPath } from './install';
import { measureEngine } from './measure';
import type { ColdRun, Machine, WarmRun } from './results';
import { withSettings } from './side-by-side';
import { type Milestone, timelineOf } from './startup-timeline';
import { machine } from './tpch';
import { prepareTpch } from './tpch/data';
import { openReference, type ScaleFactor } from './tpch/reference';
import { startWarm, type WarmEngine } from './warm';

export interface Variant {
  name: string;
  env: Record<string, string>;
}

export interface StartupOptions {
  engines: EngineName[];
  variants: Variant[];
  workers: number;
  sf: ScaleFactor;
  query: string;
  repeat: number;
  memoryMb: number;
  log: (line: string) => void;
  checkpoint?: (results: StartupResults) => void;
}

export interface StartupRun {
  engine: string;
  variant: string;
  workers: number;
  repeat: number;
  ok: boolean;
  error?: string;
  queryId: string;
  /** Provision to engine ready, and the query phase, of the cold run. */
  startupMs: number;
  coldQueryMs?: number;
  /** The same query on the warm engine (undefined when it failed). */
  warmMs?: number;
  timeline: Milestone[];
}

export interface StartupResults {
  benchmark: 'startup';
  date: string;
  sf: string;
  query: string;
  repeat: number;
  memoryMb: number;
  variants: Variant[];
  machine: Machine;
  notes: string[];
  runs: StartupRun[];
}

/** `name:KEY=VALUE,KEY=VALUE`; `baseline` alone is the settings as they are. */
export function parseVariant(text: string): Variant {
  const [name, settingsText = ''] = text.split(/:(.*)/s);
  const env = Object.fromEntries(
    settingsText
      .split(',')
      .filter(Boolean)
      .map((setting) => {
        const [key, value] = setting.split(/=(.*)/s);
        if (!/^[A-Z_][A-Z0-9_]*$/.test(key ?? '') || value === undefined)
          throw new Error(`variant ${text}: "${setting}" is not KEY=VALUE (e.g. METAQ_JVM_QUICK_START=0)`);
        return [key, value];
      }),
  );
  if (!name) throw new Error(`variant ${text}: give it a name, e.g. full-jit:METAQ_JVM_QUICK_START=0`);
  return { name, env };
}

/** Needs `installBench` first; runs in the metaq home that METAQ_HOME names. */
export async function runStartup(options: StartupOptions): Promise<StartupResults> {
  const { log } = options;
  const { enginesDir } = settings();
  const results: StartupResults = {
    benchmark: 'startup',
    date: new Date().toISOString(),
    sf: options.sf,
    query: options.query,
    repeat: options.repeat,
    memoryMb: options.memoryMb,
    variants: options.variants,
    machine: machine(),
    notes: [],
    runs: [],
  };
  const runtime = await startRuntime();
  try {
    const tables = await prepareTpch(tpchExtensionPath(enginesDir), options.sf, log);
    const reference = await openReference(enginesDir, tpchExtensionPath(enginesDir), options.sf);
    try {
      for (const engine of options.engines) {
        const workers = engineTraits(engine).distributed ? options.workers : 1;
        for (const variant of options.variants) {
          const runs = await withSettings(variant.env, async () => {
            const warm = await startWarm(engine, { tables, memoryMb: options.memoryMb, workers }).catch(
              (error: Error) => failedWarm(engine, error, results.notes, log),
            );
            try {
              return await measureEngine(
                { ...options, engine, workers, queries: [options.query], reference },
                warm,
              );
            } finally {
              await warm.stop();
            }
          });
          for (const cold of runs.filter((run): run is ColdRun => run.mode === 'cold')) {
            const warm = runs.find(
              (run): run is WarmRun => run.mode === 'warm' && run.repeat === cold.repeat,
            );
            results.runs.push(await startupRun(cold, warm, variant.name));
          }
          log(
            `${engine} ${variant.name}: ${runs.filter((run) => run.ok).length} of ${runs.length} runs right`,
          );
          options.checkpoint?.(results);
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

async function startupRun(cold: ColdRun, warm: WarmRun | undefined, variant: string): Promise<StartupRun> {
  const record = await getRecord(cold.queryId);
  return {
    engine: cold.engine,
    variant,
    workers: cold.workers,
    repeat: cold.repeat,
    ok: cold.ok && warm?.ok === true,
    error: cold.error ?? warm?.error,
    queryId: cold.queryId,
    startupMs: cold.startupMs,
    coldQueryMs: cold.timings.queryMs,
    warmMs: warm?.ok ? warm.ms : undefined,
    timeline: record ? timelineOf(record) : [],
  };
}

/** A warm engine that did not start fails each warm run with its reason; the cold runs still run. */
function failedWarm(engine: string, error: Error, notes: string[], log: (line: string) => void): WarmEngine {
  const line = `the warm ${engine} did not start: ${String(error).slice(0, 300)}`;
  notes.push(line);
  log(line);
  return {
    run: () => Promise.reject(new Error(line)),
    clear: async () => undefined,
    stop: async () => undefined,
  };
}

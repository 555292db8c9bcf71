/**
 * The straggler experiment: each launched worker is delayed (METAQ_CHAOS delay-ready) with some
 * probability, and the same query runs with 0, 1, 2 … spares. Trial t delays the same launch
 * indexes whatever the number of spares, so the spares are compared on the same bad luck.
 */
import { getRecord } from '../src/history/store';
import { runLocalQuery } from '../src/local/run-query';
import type { EngineName } from '../src/plan/types';
import { answerOf } from './measure';
import { type StragglerTrial, startupOf } from './results';
import { checkResult } from './tpch/check';
import { querySql } from './tpch/queries';
import type { Reference } from './tpch/reference';

/** What the user chooses of the experiment. */
export interface StragglerSettings {
  query: string;
  spares: number[];
  trials: number;
  /** How long a straggler waits before it registers as ready. */
  delayMs: number;
  /** The chance that one launched worker is a straggler (the paper saw 5 of 70). */
  share: number;
  seed: number;
}

export interface StragglerOptions extends StragglerSettings {
  engine: EngineName;
  workers: number;
  memoryMb: number;
  reference: Reference;
  log: (line: string) => void;
}

export async function stragglerExperiment(options: StragglerOptions): Promise<StragglerTrial[]> {
  const { engine, workers, spares, trials, delayMs, reference, log } = options;
  const random = mulberry32(options.seed);
  const launches = workers + Math.max(...spares);
  const luck = Array.from({ length: trials }, () =>
    Array.from({ length: launches }, (_, index) => index).filter(() => random() < options.share),
  );
  const sql = querySql(options.query, engine);
  const results: StragglerTrial[] = [];
  for (const spareCount of spares) {
    for (let trial = 0; trial < trials; trial++) {
      const delayed = luck[trial].filter((index) => index < workers + spareCount);
      process.env.METAQ_CHAOS = delayed.map((index) => `${index}:delay-ready=${delayMs}`).join(',');
      try {
        const report = await runLocalQuery({
          sql,
          engine: engine,
          workers,
          spares: spareCount,
          memoryMb: options.memoryMb,
          tags: { benchmark: 'tpch-straggler', query: options.query },
        });
        const base = { engine: engine, workers, spares: spareCount, trial, delayed, delayMs };
        const readyMs = startupOf(report.timings);
        const keptStraggler = await admittedAny(report.queryId, delayed);
        let error =
          report.status === 'SUCCEEDED' ? undefined : `${report.error?.name}: ${report.error?.message}`;
        if (!error && report.result) {
          const rows = await reference.readResult(report.result.files, report.result.format);
          const verdict = checkResult(rows, answerOf(reference, options.query), sql);
          if (!verdict.ok) error = `wrong answer: ${verdict.reason}`;
        }
        results.push({
          ...base,
          readyMs,
          keptStraggler,
          queryId: report.queryId,
          ok: !error,
          ...(error ? { error } : {}),
        });
        log(
          `straggler ${engine} ×${workers} +${spareCount} spare(s) trial ${trial + 1}: ` +
            `delayed [${delayed.join(', ')}] → ready in ${(readyMs / 1000).toFixed(2)} s` +
            `${keptStraggler ? ', waited for a straggler' : ''}${error ? ` FAILED ${error}` : ''}`,
        );
      } finally {
        delete process.env.METAQ_CHAOS;
      }
    }
  }
  return results;
}

/** Whether any of the delayed launch indexes was admitted, from the query's history record. */
async function admittedAny(queryId: string, delayed: number[]): Promise<boolean> {
  const timeline = (await getRecord(queryId))?.workerTimeline ?? [];
  return timeline.some((worker) => worker.admittedAt !== undefined && delayed.includes(worker.index));
}

/** A small seeded generator: the same seed delays the same workers in every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

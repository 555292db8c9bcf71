/**
 * The numbers a reader wants from a run: per engine, the geometric mean of ephemeral/warm, the
 * median and max startup; per query, each engine's times and the winner; the straggler outcome.
 */
import type { BenchResults, ColdRun, StragglerTrial, WarmRun } from './results';

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function geometricMean(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

export interface QueryFigures {
  query: string;
  /** Medians over the correct runs, in ms; undefined when no run of that kind was correct. */
  coldMs?: number;
  startupMs?: number;
  queryMs?: number;
  warmMs?: number;
  ratio?: number;
}

export interface EngineSummary {
  label: string;
  engine: string;
  workers: number;
  correct: number;
  runs: number;
  geomeanRatio: number;
  medianStartupMs: number;
  maxStartupMs: number;
  queries: QueryFigures[];
}

export function summarise(results: BenchResults): EngineSummary[] {
  const groups = new Map<string, { engine: string; workers: number }>();
  for (const run of results.runs) groups.set(`${run.engine} ×${run.workers}`, run);
  return [...groups].map(([label, { engine, workers }]) => {
    const mine = results.runs.filter((run) => run.engine === engine && run.workers === workers);
    const cold = mine.filter((run): run is ColdRun => run.mode === 'cold' && run.ok);
    const warm = mine.filter((run): run is WarmRun => run.mode === 'warm' && run.ok);
    const queries = results.queries.map((query) => figuresOf(query, cold, warm));
    const ratios = queries.flatMap((figures) => (figures.ratio ? [figures.ratio] : []));
    const startups = cold.map((run) => run.startupMs);
    return {
      label,
      engine,
      workers,
      correct: mine.filter((run) => run.ok).length,
      runs: mine.length,
      geomeanRatio: geometricMean(ratios),
      medianStartupMs: median(startups),
      maxStartupMs: Math.max(...startups),
      queries,
    };
  });
}

function figuresOf(query: string, cold: ColdRun[], warm: WarmRun[]): QueryFigures {
  const mine = cold.filter((run) => run.query === query);
  const warmMs = median(warm.filter((run) => run.query === query).map((run) => run.ms));
  const coldMs = median(mine.map((run) => run.timings.totalMs ?? Number.NaN));
  const known = (value: number) => (Number.isFinite(value) ? value : undefined);
  return {
    query,
    coldMs: known(coldMs),
    startupMs: known(median(mine.map((run) => run.startupMs))),
    queryMs: known(median(mine.map((run) => run.timings.queryMs ?? Number.NaN))),
    warmMs: known(warmMs),
    ratio: known(coldMs / warmMs),
  };
}

/**
 * Per query, the engines from the shortest median end-to-end time through metaq (`cold`, the
 * default) or the shortest median warm time (`warm`) to the longest; an engine with no correct
 * run does not compete.
 */
export function rankings(
  summaries: EngineSummary[],
  queries: string[],
  mode: 'cold' | 'warm' = 'cold',
): Map<string, string[]> {
  return new Map(
    queries.map((query) => {
      const times = summaries.flatMap((summary) => {
        const figures = summary.queries.find((item) => item.query === query);
        const ms = mode === 'cold' ? figures?.coldMs : figures?.warmMs;
        return ms === undefined ? [] : [{ label: summary.label, ms }];
      });
      times.sort((a, b) => a.ms - b.ms);
      return [query, times.map((time) => time.label)];
    }),
  );
}

export interface StragglerSummary {
  label: string;
  spares: number;
  trials: number;
  delayedTrials: number;
  /**
   * Trials that waited for a straggler: one was admitted (older runs, which did not record that:
   * ready only after the delay had passed, which says nothing for an engine slower to start than the delay).
   */
  waitedTrials: number;
  medianReadyMs: number;
  maxReadyMs: number;
}

export function summariseStragglers(trials: StragglerTrial[]): StragglerSummary[] {
  const groups = new Map<string, StragglerTrial[]>();
  for (const trial of trials) {
    const key = `${trial.engine} ×${trial.workers}|${trial.spares}`;
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  return [...groups].map(([key, group]) => {
    const ready = group.filter((trial) => trial.ok).map((trial) => trial.readyMs);
    return {
      label: key.split('|')[0],
      spares: group[0].spares,
      trials: group.length,
      delayedTrials: group.filter((trial) => trial.delayed.length > 0).length,
      waitedTrials: group.filter((trial) => trial.keptStraggler ?? trial.readyMs >= trial.delayMs).length,
      medianReadyMs: median(ready),
      maxReadyMs: Math.max(...ready),
    };
  });
}

/**
 * The figures of a run: the numbers are computed here (the same as the summary's), written to
 * `figures.json`, and drawn by figures.py with matplotlib from the bench's own venv.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { plottingPython } from './install';
import type { BenchResults, ColdRun } from './results';
import { summarise } from './summary';

export const figureNames = ['end-to-end', 'startup-cdf', 'ratio', 'straggler'] as const;

export function figureData(results: BenchResults) {
  const summaries = summarise(results);
  const orNull = (value: number | undefined) => value ?? null;
  return {
    title: `TPC-H SF ${results.sf} · ${results.date.slice(0, 10)} · ${results.machine.cpus} × ${results.machine.cpuModel}`,
    queries: results.queries,
    groups: summaries.map((summary) => ({
      label: summary.label,
      startup: summary.queries.map((figures) => orNull(figures.startupMs)),
      query: summary.queries.map((figures) => orNull(figures.queryMs)),
      other: summary.queries.map((figures) =>
        figures.coldMs === undefined
          ? null
          : figures.coldMs - (figures.startupMs ?? 0) - (figures.queryMs ?? 0),
      ),
      warm: summary.queries.map((figures) => orNull(figures.warmMs)),
      ratio: summary.queries.map((figures) => orNull(figures.ratio)),
      geomean: summary.geomeanRatio,
      startups: results.runs
        .filter(
          (run): run is ColdRun =>
            run.mode === 'cold' && run.ok && run.engine === summary.engine && run.workers === summary.workers,
        )
        .map((run) => run.startupMs),
    })),
    straggler: stragglerSeries(results),
  };
}

function stragglerSeries(results: BenchResults) {
  const series = new Map<string, { label: string; delayMs: number; ready: number[] }>();
  for (const trial of results.straggler.filter((item) => item.ok)) {
    const label = `${trial.engine} ×${trial.workers} + ${trial.spares} spare(s)`;
    const entry = series.get(label) ?? { label, delayMs: trial.delayMs, ready: [] };
    entry.ready.push(trial.readyMs);
    series.set(label, entry);
  }
  return [...series.values()];
}

export function drawFigures(results: BenchResults, folder: string, enginesDir: string): void {
  writeFileSync(path.join(folder, 'figures.json'), `${JSON.stringify(figureData(results), null, 1)}\n`);
  execFileSync(plottingPython(enginesDir), [path.join(__dirname, 'figures.py'), folder], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
